import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Schemas } from '../../api/types';
import { StateBadge } from '../../components/StateBadge';
import { Empty, n } from './DashboardParts';

type Status = Schemas['DashboardStatusDto'];

/** The DIMSE listeners with their state and counters. */
export function Listeners({ rows }: { rows: Status['dimse_listeners'] }): ReactNode {
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

/** Polled sources (DICOMweb or DIMSE Q/R) with their state, counts and schedule. */
export function Sources({ rows, empty }: { rows: Schemas['SourceStatusDto'][]; empty: string }): ReactNode {
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

/** The storage backends with their deliveries by status. */
export function StorageBackends({ rows }: { rows: Status['storage_backends'] }): ReactNode {
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
