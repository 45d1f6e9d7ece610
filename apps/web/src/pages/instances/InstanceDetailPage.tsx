import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { StateBadge } from '../../components/StateBadge';
import { notifyFailed, notifySaved } from '../../components/notify';
import { useRulesets } from '../rules/use-rules';
import { DiffTable, type TagDiff } from '../tester/TraceView';
import { formatTime } from './format';
import { useInstanceHistory, useRetryInstance, type InstanceHistory } from './use-instances';

interface MatchedRule {
  ruleset_id: number;
  rule_id: number;
  destination_ids: number[];
}
interface Morphing {
  output_key: string;
  changes: TagDiff[];
  warnings: string[];
}

function Fact({ label, children }: { label: string; children: ReactNode }): ReactNode {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {children ?? '—'}
      </Text>
    </div>
  );
}

function Trace({ instance }: { instance: InstanceHistory }): ReactNode {
  const { canWrite } = useAuth();
  const rulesets = useRulesets();
  const retry = useRetryInstance(instance.id);
  const ruleName = (m: MatchedRule): string => {
    const rs = rulesets.data?.find((r) => r.id === m.ruleset_id);
    const rule = rs?.rules.find((r) => r.id === m.rule_id);
    return rule
      ? `${rs?.name ?? ''} › ${rule.name}`
      : `ruleset ${m.ruleset_id}, rule ${m.rule_id} (since deleted or changed)`;
  };
  const matched = (instance.matched_rules ?? []) as unknown as MatchedRule[];
  const morphing = (instance.morphing ?? []) as unknown as Morphing[];
  const failed = instance.deliveries.filter((d) => d.status === 'failed').length;

  return (
    <Stack>
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Group gap="xs">
            <Title order={2} size="h4">
              Where it came from
            </Title>
            <StateBadge state={instance.state} detail={instance.error_message} />
          </Group>
          <Text size="sm" c="dimmed">
            received {formatTime(instance.received_at)}
          </Text>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Fact label="Source">
            {instance.source_name} ({instance.source_type})
          </Fact>
          <Fact label="Calling AE → called AE">
            {instance.calling_ae_title ? `${instance.calling_ae_title} → ${instance.called_ae_title ?? '?'}` : null}
          </Fact>
          <Fact label="Peer address">{instance.peer_address}</Fact>
          <Fact label="Patient">
            {instance.patient_name
              ? `${instance.patient_name} (${instance.patient_id ?? 'no ID'})`
              : instance.patient_id}
          </Fact>
          <Fact label="Accession">{instance.accession_number}</Fact>
          <Fact label="Study UID">{instance.study_instance_uid}</Fact>
          <Fact label="SOP Instance UID">{instance.sop_instance_uid}</Fact>
          <Fact label="Transfer syntax, size">{`${instance.transfer_syntax_uid}, ${Math.ceil(instance.size_bytes / 1024)} KiB`}</Fact>
          <Fact label="Routed">{formatTime(instance.routed_at)}</Fact>
          <Fact label="Completed">{formatTime(instance.completed_at)}</Fact>
          <Fact label="Routing attempts">{String(instance.routing_attempts)}</Fact>
        </SimpleGrid>
        {instance.error_message && (
          <Alert color="red" mt="sm" title="Error">
            {instance.error_message}
          </Alert>
        )}
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Rules that matched
        </Title>
        {instance.matched_rules === null ? (
          <Text size="sm" c="dimmed">
            Not routed yet.
          </Text>
        ) : matched.length === 0 ? (
          <Text size="sm">
            No rule matched: recorded as “no route”. Check the rules with the{' '}
            <Anchor component={Link} to="/rules/tester">
              rule tester
            </Anchor>
            .
          </Text>
        ) : (
          <Stack gap={4}>
            {matched.map((m) => (
              <Text key={`${m.ruleset_id}-${m.rule_id}`} size="sm">
                {ruleName(m)}
              </Text>
            ))}
          </Stack>
        )}
      </Card>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          What changed
        </Title>
        {morphing.length === 0 && (
          <Text size="sm" c="dimmed">
            Nothing: sent as received.
          </Text>
        )}
        {morphing.map((o) => (
          <Stack key={o.output_key} gap="xs" mb="sm">
            <Text size="xs" c="dimmed">
              {o.output_key === '' ? 'the received bytes' : `output ${o.output_key.slice(0, 12)}`}
            </Text>
            <DiffTable diff={o.changes} />
            {o.warnings.map((w) => (
              <Text key={w} size="sm" c="orange">
                {w}
              </Text>
            ))}
          </Stack>
        ))}
      </Card>

      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4">
            Deliveries
          </Title>
          {canWrite && failed > 0 && (
            <Button
              size="xs"
              loading={retry.isPending}
              onClick={() =>
                retry.mutate(undefined, {
                  onSuccess: (r) => notifySaved(`${r.retried} delivery(ies) sent again`),
                  onError: (err) => notifyFailed('Not retried', err),
                })
              }
            >
              Retry {failed} failed
            </Button>
          )}
        </Group>
        {instance.deliveries.length === 0 ? (
          <Text size="sm" c="dimmed">
            No deliveries.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" aria-label="Deliveries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Destination</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Attempts</Table.Th>
                  <Table.Th>Last error / detail</Table.Th>
                  <Table.Th>Times</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {instance.deliveries.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>{d.storage_backend_name ?? `storage backend ${d.storage_backend_id}`}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <StateBadge state={d.status} />
                    </Table.Td>
                    <Table.Td>{d.attempts}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c={d.last_error ? 'red' : undefined} style={{ overflowWrap: 'anywhere' }}>
                        {d.last_error ?? d.detail ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs">created {formatTime(d.created_at)}</Text>
                      <Text size="xs">updated {formatTime(d.updated_at)}</Text>
                      {d.delivered_at && <Text size="xs">delivered {formatTime(d.delivered_at)}</Text>}
                      {d.next_attempt_at && <Text size="xs">next attempt {formatTime(d.next_attempt_at)}</Text>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}

/** One instance's trace: origin, rules matched, what changed and every delivery. */
export function InstanceDetailPage(): ReactNode {
  const raw = useParams()['id'] ?? '';
  const id = Number(raw);
  const valid = Number.isInteger(id) && id > 0;
  const history = useInstanceHistory(valid ? id : null);
  return (
    <>
      <PageHeader
        title={valid ? `Instance ${id}` : 'Instance'}
        actions={
          <Button component={Link} to="/instances" variant="default">
            All instances
          </Button>
        }
      />
      {!valid ? (
        <Alert color="red" title="No such instance">
          “{raw}” is not an instance id. Find the instance on the instances page.
        </Alert>
      ) : (
        <QueryState query={history} label="the instance">
          {(instance) => <Trace instance={instance} />}
        </QueryState>
      )}
    </>
  );
}
