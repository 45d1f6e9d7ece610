import { Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { useApi } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { StateBadge } from '../../components/StateBadge';
import { Count, Empty, Section } from './DashboardParts';
import { Listeners, Sources, StorageBackends } from './StatusTables';
import { ThroughputChart } from './ThroughputChart';

type Status = Schemas['DashboardStatusDto'];
const REFRESH_MS = 10_000;

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
