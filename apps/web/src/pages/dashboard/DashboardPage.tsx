import { Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { useApi } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { StateBadge } from '../../components/StateBadge';
import { ThroughputChart } from './ThroughputChart';

type Status = Schemas['DashboardStatusDto'];
const REFRESH_MS = 10_000;

const n = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : String(v));

function Count({ label, value, color }: { label: string; value: number | undefined; color?: string }): ReactNode {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {n(value)}
      </Text>
    </Stack>
  );
}

function Section({
  title,
  children,
  to,
  linkLabel = 'configure',
}: {
  title: string;
  children: ReactNode;
  to?: string;
  linkLabel?: string;
}): ReactNode {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {to && (
          <Text component={Link} to={to} size="sm" c="indigo">
            {linkLabel}
          </Text>
        )}
      </Group>
      {children}
    </Paper>
  );
}

function Empty({ children }: { children: ReactNode }): ReactNode {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

function Health({ status }: { status: Status }): ReactNode {
  const i = status.ledger.instances_by_state;
  const d = status.ledger.deliveries_by_status;
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <Section title="System">
        <Stack gap="xs">
          <Group justify="space-between">
            <Text size="sm">Overall</Text>
            <StateBadge state={status.status} />
          </Group>
          <Group justify="space-between">
            <Text size="sm">Database</Text>
            <StateBadge state={status.database.status} detail={status.database.detail} />
          </Group>
          <Group justify="space-between">
            <Text size="sm">Broker</Text>
            <StateBadge
              state={status.broker.status}
              detail={
                status.broker.detail ?? (status.broker.status === 'unknown' ? 'in-process (embedded mode)' : null)
              }
            />
          </Group>
        </Stack>
      </Section>
      <Section title="Instances" to="/instances" linkLabel="view">
        <SimpleGrid cols={{ base: 2, xl: 4 }} spacing="xs">
          <Count label="received" value={i['received']} />
          <Count label="routed" value={i['routed']} />
          <Count label="completed" value={i['completed']} color="teal" />
          <Count label="failed" value={i['failed']} color={i['failed'] ? 'red' : undefined} />
        </SimpleGrid>
      </Section>
      <Section title="Deliveries" to="/failures" linkLabel="failures">
        <SimpleGrid cols={3} spacing="xs">
          <Count label="queued" value={(d['pending'] ?? 0) + (d['retry_wait'] ?? 0)} />
          <Count label="delivered" value={d['delivered']} color="teal" />
          <Count
            label="failed"
            value={status.ledger.dead_lettered}
            color={status.ledger.dead_lettered ? 'red' : undefined}
          />
        </SimpleGrid>
      </Section>
    </SimpleGrid>
  );
}

function Listeners({ rows }: { rows: Status['dimse_listeners'] }): ReactNode {
  if (rows.length === 0) return <Empty>No listeners. Add one so that modalities can send here.</Empty>;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>AE title : port</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Associations</Table.Th>
            <Table.Th>Stored</Table.Th>
            <Table.Th>Failed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((l) => (
            <Table.Tr key={l.id}>
              <Table.Td>{l.name}</Table.Td>
              <Table.Td ff="monospace">
                {l.ae_title}:{l.port}
              </Table.Td>
              <Table.Td>
                <StateBadge state={l.state} detail={l.last_error} />
              </Table.Td>
              <Table.Td>{n(l.associations)}</Table.Td>
              <Table.Td>{n(l.stored)}</Table.Td>
              <Table.Td>{n(l.failed)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Sources({ rows, empty }: { rows: Schemas['SourceStatusDto'][]; empty: string }): ReactNode {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Counts</Table.Th>
            <Table.Th>Last success</Table.Th>
            <Table.Th>Next run</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.name}</Table.Td>
              <Table.Td>
                <StateBadge
                  state={
                    !s.is_enabled
                      ? 'disabled'
                      : s.last_error_message
                        ? 'error'
                        : s.is_active === false
                          ? 'stopped'
                          : 'ok'
                  }
                  detail={s.last_error_message}
                />
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {Object.entries(s.counts)
                    .map(([k, v]) => `${k.replace(/_count$/, '').replace(/_/g, ' ')} ${v}`)
                    .join(' · ')}
                </Text>
              </Table.Td>
              <Table.Td>{s.last_success ? new Date(s.last_success).toLocaleString() : 'never'}</Table.Td>
              <Table.Td>
                {s.polling
                  ? 'polling now'
                  : !s.is_enabled || s.is_active === false
                    ? '—'
                    : s.next_run_at
                      ? new Date(s.next_run_at).toLocaleString()
                      : 'now'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function StorageBackends({ rows }: { rows: Status['storage_backends'] }): ReactNode {
  if (rows.length === 0) return <Empty>No storage backends. Add one, then route to it with a rule.</Empty>;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Queued</Table.Th>
            <Table.Th>Delivered</Table.Th>
            <Table.Th>Failed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((b) => {
            const d = b.deliveries_by_status;
            return (
              <Table.Tr key={b.id}>
                <Table.Td>{b.name}</Table.Td>
                <Table.Td>{b.backend_type}</Table.Td>
                <Table.Td>
                  <StateBadge state={!b.is_enabled ? 'disabled' : d['failed'] ? 'degraded' : 'ok'} />
                </Table.Td>
                <Table.Td>{(d['pending'] ?? 0) + (d['retry_wait'] ?? 0)}</Table.Td>
                <Table.Td>{n(d['delivered'])}</Table.Td>
                <Table.Td>{n(d['failed'])}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Queues({ queues }: { queues: Status['queues'] }): ReactNode {
  if (queues === null)
    return <Empty>Not known here: the embedded mode has no broker queues, or the broker did not answer.</Empty>;
  const entries = Object.entries(queues);
  if (entries.length === 0) return <Empty>No queues.</Empty>;
  return (
    <Group>
      {entries.map(([name, depth]) => (
        <Count key={name} label={name} value={depth} color={depth > 0 ? 'orange' : undefined} />
      ))}
    </Group>
  );
}

function Workers({ workers }: { workers: Status['workers'] }): ReactNode {
  const where =
    workers.mode === 'in_process' ? 'in this process (embedded mode)' : 'router-worker processes on the broker';
  const detail =
    workers.state === 'none' ? 'no router-worker is connected: nothing is routed or delivered until one starts' : null;
  return (
    <Group>
      <StateBadge state={workers.state} detail={detail} />
      <Count label={where} value={workers.count ?? undefined} color={workers.state === 'none' ? 'red' : undefined} />
    </Group>
  );
}

/** Everything at a glance; refreshes itself every few seconds. */
export function DashboardPage(): ReactNode {
  const api = useApi();
  const status = useQuery({
    queryKey: ['dashboard-status'],
    queryFn: () => unwrap(api.GET('/api/v1/dashboard/status')),
    refetchInterval: REFRESH_MS,
  });
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={`Refreshes every ${REFRESH_MS / 1000} s${status.dataUpdatedAt ? `; updated ${new Date(status.dataUpdatedAt).toLocaleTimeString()}` : ''}.`}
      />
      <QueryState query={status} label="the status">
        {(s) => (
          <Stack>
            <Health status={s} />
            <ThroughputChart />
            <Section title="DIMSE listeners" to="/listeners">
              <Listeners rows={s.dimse_listeners} />
            </Section>
            <Section title="Storage backends" to="/storage-backends">
              <StorageBackends rows={s.storage_backends} />
            </Section>
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Section title="DICOMweb pollers" to="/dicomweb-sources">
                <Sources rows={s.dicomweb_pollers} empty="No DICOMweb sources." />
              </Section>
              <Section title="DIMSE Q/R sources" to="/qr-sources">
                <Sources rows={s.dimse_qr_sources} empty="No Q/R sources." />
              </Section>
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Section title="Workers">
                <Workers workers={s.workers} />
              </Section>
              <Section title="Worker queues">
                <Queues queues={s.queues} />
              </Section>
            </SimpleGrid>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
