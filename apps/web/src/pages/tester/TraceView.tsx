import { Alert, Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { FileDryRun } from './use-dry-run';

/** One criterion's outcome as the API explains it: what was asked, whether it held, the values seen. */
interface CriterionTrace {
  criterion: Record<string, unknown>;
  held: boolean;
  actual?: string[] | null;
  parts?: CriterionTrace[];
}

export interface TagDiff {
  tag: string;
  keyword?: string | undefined;
  before: string[] | null;
  after: string[] | null;
}

function describeCriterion(c: Record<string, unknown>): string {
  if (Array.isArray(c['all'])) return 'all of';
  if (Array.isArray(c['any'])) return 'any of';
  if ('not' in c) return 'not';
  const subject = String(c['tag'] ?? c['parameter'] ?? '?');
  const value = 'value' in c ? ` ${JSON.stringify(c['value'])}` : '';
  return `${subject} ${String(c['op'] ?? '')}${value}${c['case_insensitive'] === true ? ' (ignoring case)' : ''}`;
}

function reason(t: CriterionTrace): string {
  if (t.parts) return t.held ? 'held' : 'did not hold';
  if (t.actual === null || t.actual === undefined) return `${t.held ? 'held' : 'failed'}: the element is absent`;
  return `${t.held ? 'held' : 'failed'}: value seen ${t.actual.length ? t.actual.map((v) => `"${v}"`).join(', ') : '(empty)'}`;
}

function CriterionList({ traces }: { traces: CriterionTrace[] }): ReactNode {
  return (
    <List size="sm" spacing={2} listStyleType="none" withPadding>
      {traces.map((t, i) => (
        <List.Item key={i}>
          <Text span c={t.held ? 'teal.8' : 'red.8'} fw={600} aria-label={t.held ? 'held' : 'failed'}>
            {t.held ? '✓' : '✗'}
          </Text>{' '}
          <Text span ff="monospace" size="sm">
            {describeCriterion(t.criterion)}
          </Text>{' '}
          <Text span size="sm" c="dimmed">
            — {reason(t)}
          </Text>
          {t.parts && (
            <div style={{ paddingLeft: 20 }}>
              <CriterionList traces={t.parts} />
            </div>
          )}
        </List.Item>
      ))}
    </List>
  );
}

export function DiffTable({ diff }: { diff: TagDiff[] }): ReactNode {
  if (diff.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No tag changes: the instance would be sent as received.
      </Text>
    );
  const show = (v: string[] | null): string => (v === null ? '(absent)' : v.join('\\'));
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped aria-label="Tag changes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Tag</Table.Th>
            <Table.Th>Before</Table.Th>
            <Table.Th>After</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {diff.map((d) => (
            <Table.Tr key={d.tag}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {d.tag}
                </Text>
                {d.keyword && (
                  <Text size="xs" c="dimmed">
                    {d.keyword}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" td={d.after === null ? 'line-through' : undefined}>
                  {show(d.before)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {show(d.after)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const SKIPPED: Record<string, string> = {
  inactive: 'skipped: the rule is inactive',
  source_not_applicable: 'skipped: not for this source',
  first_match_already_found: 'skipped: an earlier rule of this first-match ruleset matched',
};

/** The answer of a file dry run: each ruleset's rules, why each criterion held or not, the diff and the destinations. */
export function FileTrace({
  run,
  destinationName,
}: {
  run: FileDryRun;
  destinationName: (id: number) => string;
}): ReactNode {
  return (
    <Stack>
      <Group gap="xs">
        <Text size="sm">
          SOP Instance{' '}
          <Text span ff="monospace">
            {run.sop_instance_uid ?? '?'}
          </Text>
          , source <b>{run.source_identifier}</b>
        </Text>
      </Group>
      {run.warnings.length > 0 && (
        <Alert color="yellow" title="Warnings">
          {run.warnings.map((w) => (
            <div key={w}>{w}</div>
          ))}
        </Alert>
      )}
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          Destinations
        </Title>
        {run.destination_ids.length === 0 ? (
          <Text size="sm">No rule matched: the instance would be recorded as “no route”.</Text>
        ) : (
          <Group gap="xs">
            {run.destination_ids.map((id) => (
              <Badge key={id} size="lg" variant="light">
                {destinationName(id)}
              </Badge>
            ))}
          </Group>
        )}
      </Card>
      {run.rulesets.length === 0 && (
        <Text c="dimmed">No active ruleset was evaluated. Create and activate a ruleset on the Rules page.</Text>
      )}
      {run.rulesets.map((rs) => (
        <Card key={rs.ruleset_id} withBorder>
          <Group gap="xs" mb="xs">
            <Title order={3} size="h5">
              {rs.name}
            </Title>
            <Badge variant="light" color="grape">
              {rs.execution_mode}
            </Badge>
            {!rs.is_active && (
              <Badge color="gray" variant="light">
                inactive
              </Badge>
            )}
          </Group>
          <Stack gap="sm">
            {rs.rules.length === 0 && (
              <Text size="sm" c="dimmed">
                This ruleset has no rules.
              </Text>
            )}
            {rs.rules.map((r) => (
              <div key={r.rule_id} data-testid="rule-trace">
                <Group gap="xs">
                  <Badge color={r.matched ? 'teal' : 'gray'}>{r.matched ? 'matched' : 'no match'}</Badge>
                  <Text fw={500}>{r.name}</Text>
                  {r.skipped && (
                    <Text size="sm" c="dimmed">
                      {SKIPPED[r.skipped] ?? r.skipped}
                    </Text>
                  )}
                  {r.matched && r.destination_ids.length > 0 && (
                    <Text size="sm">→ {r.destination_ids.map(destinationName).join(', ')}</Text>
                  )}
                </Group>
                {(r.association_criteria as unknown as CriterionTrace[]).length > 0 && (
                  <>
                    <Text size="xs" c="dimmed" mt={4}>
                      Association
                    </Text>
                    <CriterionList traces={r.association_criteria as unknown as CriterionTrace[]} />
                  </>
                )}
                {(r.match_criteria as unknown as CriterionTrace[]).length > 0 && (
                  <>
                    <Text size="xs" c="dimmed" mt={4}>
                      Criteria
                    </Text>
                    <CriterionList traces={r.match_criteria as unknown as CriterionTrace[]} />
                  </>
                )}
              </div>
            ))}
          </Stack>
        </Card>
      ))}
      <Card withBorder>
        <Title order={3} size="h5" mb="xs">
          What changes
        </Title>
        <DiffTable diff={run.diff} />
      </Card>
    </Stack>
  );
}
