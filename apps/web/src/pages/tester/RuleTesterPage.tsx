import {
  Alert,
  Badge,
  Button,
  Card,
  FileButton,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type DragEvent, type ReactNode } from 'react';
import { errorMessage } from '../../api/errors';
import { PageHeader } from '../../components/PageHeader';
import { useRulesets, useStorageBackends } from '../rules/use-rules';
import { dicomJsonDiff } from './json-diff';
import { DiffTable, FileTrace } from './TraceView';
import { useDryRun, type JsonDryRun } from './use-dry-run';

const SAMPLE_JSON = JSON.stringify(
  {
    '00080060': { vr: 'CS', Value: ['CT'] },
    '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
    '00100020': { vr: 'LO', Value: ['PAT-0042'] },
  },
  null,
  2,
);

/** Drop a DICOM file or paste DICOM JSON and see what the rules would do; nothing is stored or sent. */
export function RuleTesterPage(): ReactNode {
  const rulesets = useRulesets();
  const backends = useStorageBackends();
  const dry = useDryRun();
  const [rulesetId, setRulesetId] = useState<string>('all');
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [origin, setOrigin] = useState({
    source_identifier: '',
    calling_ae_title: '',
    called_ae_title: '',
    source_ip: '',
  });
  const [jsonText, setJsonText] = useState(SAMPLE_JSON);
  const [jsonSource, setJsonSource] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('file');
  const selected = rulesetId === 'all' ? null : Number(rulesetId);
  const destinationName = (id: number): string =>
    backends.data?.find((b) => b.id === id)?.name ?? `storage backend ${id}`;
  const rulesById = new Map((rulesets.data ?? []).flatMap((rs) => rs.rules.map((r) => [r.id, r] as const)));

  const runFile = (f: File | null): void => {
    setFile(f);
    if (f) dry.file.mutate({ file: f, rulesetId: selected, origin });
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setDragging(false);
    runFile(e.dataTransfer.files[0] ?? null);
  };
  const runJson = (): void => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(jsonText);
    } catch (err) {
      setJsonError(`Not JSON: ${(err as Error).message}`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setJsonError('A DICOM JSON object is expected: {"00080060": {"vr": "CS", "Value": ["CT"]}, …}');
      return;
    }
    setJsonError(null);
    dry.json.mutate({ dicomJson: parsed as Record<string, unknown>, rulesetId: selected, source: jsonSource.trim() });
  };

  const jsonResult = (r: JsonDryRun): ReactNode => {
    const applied = r.applied_rule_ids.map((id) => rulesById.get(id));
    const destinations = [...new Set(applied.flatMap((rule) => rule?.destinations.map((d) => d.name) ?? []))];
    return (
      <Stack>
        {r.errors.length > 0 && (
          <Alert color="red" title="Errors">
            {r.errors.map((e) => (
              <div key={e}>{e}</div>
            ))}
          </Alert>
        )}
        {r.warnings.length > 0 && (
          <Alert color="yellow" title="Warnings">
            {r.warnings.map((w) => (
              <div key={w}>{w}</div>
            ))}
          </Alert>
        )}
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            Matched rules
          </Title>
          {r.applied_rule_ids.length === 0 ? (
            <Text size="sm">
              No rule matched (source “{r.source_identifier}”). Per-criterion reasons come with a file dry run.
            </Text>
          ) : (
            <Group gap="xs">
              {r.applied_rule_ids.map((id) => (
                <Badge key={id} color="teal">
                  {rulesById.get(id)?.name ?? `rule ${id}`}
                </Badge>
              ))}
            </Group>
          )}
          <Text size="sm" mt="xs">
            Destinations: {destinations.length ? destinations.join(', ') : '—'}
          </Text>
        </Card>
        <Card withBorder>
          <Title order={3} size="h5" mb="xs">
            What changes
          </Title>
          <DiffTable diff={dicomJsonDiff(r.original_json, r.morphed_json)} />
        </Card>
      </Stack>
    );
  };

  const result = tab === 'file' ? dry.file : dry.json;
  return (
    <>
      <PageHeader
        title="Rule tester"
        description="See which rules match an instance, why, what they would change and where it would go. Nothing is stored or sent."
      />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Select
              label="Rulesets"
              value={rulesetId}
              onChange={(v) => setRulesetId(v ?? 'all')}
              allowDeselect={false}
              data={[
                { value: 'all', label: 'All active rulesets' },
                ...(rulesets.data ?? []).map((rs) => ({
                  value: String(rs.id),
                  label: `${rs.name}${rs.is_active ? '' : ' (inactive)'}`,
                })),
              ]}
              error={rulesets.isError ? `rulesets not loaded: ${errorMessage(rulesets.error)}` : undefined}
            />
            <Tabs value={tab} onChange={setTab}>
              <Tabs.List>
                <Tabs.Tab value="file">DICOM file</Tabs.Tab>
                <Tabs.Tab value="json">DICOM JSON</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="file" pt="sm">
                <Stack gap="sm">
                  <Paper
                    withBorder
                    p="lg"
                    ta="center"
                    onDrop={onDrop}
                    onDragOver={(e) => {
                      e.preventDefault();
                      setDragging(true);
                    }}
                    onDragLeave={() => setDragging(false)}
                    bg={dragging ? 'var(--mantine-color-blue-0)' : undefined}
                    style={{ borderStyle: 'dashed' }}
                    aria-label="Drop a DICOM file here"
                  >
                    <Stack align="center" gap="xs">
                      <Text>Drop a DICOM file here</Text>
                      <FileButton onChange={runFile}>
                        {(props) => (
                          <Button variant="light" {...props}>
                            Choose a file…
                          </Button>
                        )}
                      </FileButton>
                      {file && (
                        <Text size="sm" c="dimmed">
                          {file.name} ({Math.ceil(file.size / 1024)} KiB)
                        </Text>
                      )}
                    </Stack>
                  </Paper>
                  <Text size="xs" c="dimmed">
                    As if received from (optional):
                  </Text>
                  <Group grow wrap="wrap">
                    <TextInput
                      label="Source name"
                      placeholder="api_json"
                      value={origin.source_identifier}
                      onChange={(e) => setOrigin({ ...origin, source_identifier: e.currentTarget.value })}
                    />
                    <TextInput
                      label="Source IP"
                      value={origin.source_ip}
                      onChange={(e) => setOrigin({ ...origin, source_ip: e.currentTarget.value })}
                    />
                  </Group>
                  <Group grow wrap="wrap">
                    <TextInput
                      label="Calling AE"
                      value={origin.calling_ae_title}
                      onChange={(e) => setOrigin({ ...origin, calling_ae_title: e.currentTarget.value })}
                    />
                    <TextInput
                      label="Called AE"
                      value={origin.called_ae_title}
                      onChange={(e) => setOrigin({ ...origin, called_ae_title: e.currentTarget.value })}
                    />
                  </Group>
                  {file && (
                    <Button variant="default" onClick={() => runFile(file)} loading={dry.file.isPending}>
                      Test again
                    </Button>
                  )}
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="json" pt="sm">
                <Stack gap="sm">
                  <Textarea
                    label="DICOM JSON (PS3.18 F.2)"
                    autosize
                    minRows={8}
                    maxRows={20}
                    value={jsonText}
                    onChange={(e) => setJsonText(e.currentTarget.value)}
                    error={jsonError}
                    styles={{ input: { fontFamily: 'monospace' } }}
                    spellCheck={false}
                  />
                  <TextInput
                    label="Source name"
                    placeholder="api_json"
                    value={jsonSource}
                    onChange={(e) => setJsonSource(e.currentTarget.value)}
                  />
                  <Group>
                    <Button onClick={runJson} loading={dry.json.isPending}>
                      Test
                    </Button>
                  </Group>
                </Stack>
              </Tabs.Panel>
            </Tabs>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          {result.isIdle && (
            <Paper withBorder p="xl">
              <Text c="dimmed" ta="center">
                {tab === 'file'
                  ? 'Drop or choose a DICOM file to see what the rules do with it.'
                  : 'Paste a DICOM JSON object and press Test.'}
              </Text>
            </Paper>
          )}
          {result.isPending && <Text c="dimmed">Testing…</Text>}
          {result.isError && (
            <Alert color="red" title="The dry run failed">
              {errorMessage(result.error)}
            </Alert>
          )}
          {tab === 'file' && dry.file.data && !dry.file.isPending && (
            <FileTrace run={dry.file.data} destinationName={destinationName} />
          )}
          {tab === 'json' && dry.json.data && !dry.json.isPending && jsonResult(dry.json.data)}
        </Grid.Col>
      </Grid>
    </>
  );
}
