import { Anchor, Button, Card, Group, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { StateBadge } from '../../components/StateBadge';
import { useInputSources } from '../rules/use-rules';
import { formatTime } from './format';
import { SOURCE_TYPES, STATES, TEXT_FILTERS, isoToLocal, localToIso, queryFromParams } from './search-params';
import { PAGE_SIZE, useInstances } from './use-instances';

type Draft = Record<
  (typeof TEXT_FILTERS)[number] | 'state' | 'source_type' | 'received_after' | 'received_before',
  string
>;

const LABELS: Record<(typeof TEXT_FILTERS)[number], string> = {
  patient_id: 'Patient ID',
  patient_name: 'Patient name contains',
  accession_number: 'Accession number',
  study_instance_uid: 'Study Instance UID',
  source_name: 'Source',
};

function draftOf(params: URLSearchParams): Draft {
  const get = (k: string): string => params.get(k) ?? '';
  return {
    patient_id: get('patient_id'),
    patient_name: get('patient_name'),
    accession_number: get('accession_number'),
    study_instance_uid: get('study_instance_uid'),
    source_name: get('source_name'),
    state: get('state'),
    source_type: get('source_type'),
    received_after: isoToLocal(params.get('received_after')),
    received_before: isoToLocal(params.get('received_before')),
  };
}

/** Every received instance, newest first, searchable by patient, study, source, state and time. */
export function InstancesPage(): ReactNode {
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const instances = useInstances(query);
  const sources = useInputSources();
  const [draft, setDraft] = useState<Draft>(() => draftOf(params));
  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));
  const filtered = Object.keys(query).some((k) => k !== 'offset');
  const offset = query.offset ?? 0;

  const search = (event: FormEvent): void => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) {
      const value = k.startsWith('received_') ? localToIso(v) : v.trim();
      if (value) next.set(k, value);
    }
    setParams(next);
  };
  const page = (to: number): void => {
    const next = new URLSearchParams(params);
    if (to > 0) next.set('offset', String(to));
    else next.delete('offset');
    setParams(next);
  };

  return (
    <>
      <PageHeader
        title="Instances"
        description="What was received, where it came from and where it went. Open an instance for its trace."
      />
      <Card withBorder mb="md" component="form" onSubmit={search} aria-label="Search instances">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }} spacing="sm">
          {TEXT_FILTERS.filter((k) => k !== 'source_name').map((k) => (
            <TextInput
              key={k}
              label={LABELS[k]}
              value={draft[k]}
              onChange={(e) => set({ [k]: e.currentTarget.value })}
            />
          ))}
          <Select
            label="Source"
            clearable
            searchable
            value={draft.source_name || null}
            onChange={(v) => set({ source_name: v ?? '' })}
            data={[...new Set((sources.data ?? []).map((s) => s.name))]}
            placeholder="any"
          />
          <Select
            label="Source type"
            clearable
            value={draft.source_type || null}
            onChange={(v) => set({ source_type: v ?? '' })}
            data={[...SOURCE_TYPES]}
            placeholder="any"
          />
          <Select
            label="State"
            clearable
            value={draft.state || null}
            onChange={(v) => set({ state: v ?? '' })}
            data={[...STATES]}
            placeholder="any"
          />
          <TextInput
            type="datetime-local"
            label="Received from"
            value={draft.received_after}
            onChange={(e) => set({ received_after: e.currentTarget.value })}
          />
          <TextInput
            type="datetime-local"
            label="Received before"
            value={draft.received_before}
            onChange={(e) => set({ received_before: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Group mt="sm" gap="xs">
          <Button type="submit">Search</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft(draftOf(new URLSearchParams()));
              setParams(new URLSearchParams());
            }}
          >
            Clear
          </Button>
        </Group>
      </Card>
      <QueryState
        query={instances}
        label="instances"
        empty={{
          when: (d) => d.length === 0 && offset === 0,
          message: filtered
            ? 'No instance matches this search. Widen it (fewer fields, a longer time range) or clear it.'
            : 'Nothing received yet. Send a study to a DIMSE listener (e.g. storescu) or with STOW-RS, and it appears here.',
        }}
      >
        {(rows) => (
          <>
            <Table.ScrollContainer minWidth={820}>
              <Table highlightOnHover verticalSpacing="xs" aria-label="Instances">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Received</Table.Th>
                    <Table.Th>Patient</Table.Th>
                    <Table.Th>Accession</Table.Th>
                    <Table.Th>Study UID</Table.Th>
                    <Table.Th>Source</Table.Th>
                    <Table.Th>State</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/instances/${i.id}`} size="sm">
                          {formatTime(i.received_at)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{i.patient_name ?? '—'}</Text>
                        <Text size="xs" c="dimmed">
                          {i.patient_id ?? ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{i.accession_number ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" ff="monospace" truncate maw={260} title={i.study_instance_uid ?? ''}>
                          {i.study_instance_uid ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{i.source_name}</Text>
                        <Text size="xs" c="dimmed">
                          {i.source_type}
                          {i.calling_ae_title ? ` · ${i.calling_ae_title}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <StateBadge state={i.state} detail={i.error_message} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" mt="sm">
              <Text size="sm" c="dimmed">
                {rows.length === 0 ? 'No more instances.' : `Showing ${offset + 1}–${offset + rows.length}`}
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  variant="default"
                  disabled={offset === 0}
                  onClick={() => page(Math.max(0, offset - PAGE_SIZE))}
                >
                  Newer
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  disabled={rows.length < PAGE_SIZE}
                  onClick={() => page(offset + PAGE_SIZE)}
                >
                  Older
                </Button>
              </Group>
            </Group>
          </>
        )}
      </QueryState>
    </>
  );
}
