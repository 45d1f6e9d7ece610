import { Anchor, Badge, Button, Card, Checkbox, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { notifyFailed, notifySaved } from '../../components/notify';
import { formatTime } from '../instances/format';
import { useStorageBackends } from '../rules/use-rules';
import { groupFailures, type FailureGroup } from './group-failures';
import { ERROR_CLASS_LABELS, FAILURE_LIMIT, useFailedDeliveries, useRetry, type ErrorClass } from './use-failures';

/** Dead letters (deliveries out of attempts) by destination and reason; retry one, a selection or a whole destination. */
export function FailuresPage(): ReactNode {
  const { canWrite } = useAuth();
  const backends = useStorageBackends();
  const [backendId, setBackendId] = useState<number | null>(null);
  const [errorClass, setErrorClass] = useState<ErrorClass | null>(null);
  const failures = useFailedDeliveries(backendId, errorClass);
  const retry = useRetry();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const toggle = (id: number, on: boolean): void =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const done = (what: string) => ({
    onSuccess: (r: { retried: number }) => {
      notifySaved(`${r.retried} ${what} sent again`);
      setSelected(new Set());
    },
    onError: (err: unknown) => notifyFailed('Not retried', err),
  });

  const groupCard = (g: FailureGroup): ReactNode => {
    const ids = g.deliveries.map((d) => d.id);
    const allChecked = ids.every((id) => selected.has(id));
    return (
      <Card key={g.storageBackendId} withBorder component="section" aria-label={`Failures of ${g.name}`}>
        <Group justify="space-between" mb="xs">
          <Group gap="xs">
            <Title order={2} size="h4">
              {g.name}
            </Title>
            <Badge color="red" variant="light">
              {g.deliveries.length} failed
            </Badge>
          </Group>
          {canWrite && (
            <Button
              size="xs"
              loading={retry.many.isPending && retry.many.variables.storage_backend_id === g.storageBackendId}
              onClick={() =>
                retry.many.mutate({ storage_backend_id: g.storageBackendId }, done(`deliveries to ${g.name}`))
              }
            >
              Retry all of {g.name}
            </Button>
          )}
        </Group>
        <Stack gap={2} mb="sm">
          {g.reasons.map((r) => (
            <Text key={r.reason} size="sm" style={{ overflowWrap: 'anywhere' }}>
              <Badge size="sm" variant="outline" mr={6}>
                {r.count}×
              </Badge>
              {r.reason}
            </Text>
          ))}
        </Stack>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" highlightOnHover aria-label={`Failed deliveries to ${g.name}`}>
            <Table.Thead>
              <Table.Tr>
                {canWrite && (
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={`Select all failures of ${g.name}`}
                      checked={allChecked}
                      indeterminate={!allChecked && ids.some((id) => selected.has(id))}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setSelected((s) => {
                          const next = new Set(s);
                          for (const id of ids)
                            if (on) next.add(id);
                            else next.delete(id);
                          return next;
                        });
                      }}
                    />
                  </Table.Th>
                )}
                <Table.Th>Instance</Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Failed at</Table.Th>
                {canWrite && <Table.Th aria-label="Actions" />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {g.deliveries.map((d) => (
                <Table.Tr key={d.id}>
                  {canWrite && (
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select delivery ${d.id}`}
                        checked={selected.has(d.id)}
                        onChange={(e) => toggle(d.id, e.currentTarget.checked)}
                      />
                    </Table.Td>
                  )}
                  <Table.Td>
                    <Anchor component={Link} to={`/instances/${d.instance_id}`} size="sm">
                      instance {d.instance_id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {d.error_class && (
                      <Badge size="xs" variant="light" color="gray" mr={6}>
                        {ERROR_CLASS_LABELS[d.error_class]}
                      </Badge>
                    )}
                    <Text span size="sm" c="red" style={{ overflowWrap: 'anywhere' }}>
                      {d.last_error ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="xs">{formatTime(d.updated_at)}</Text>
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        loading={retry.one.isPending && retry.one.variables === d.id}
                        onClick={() => retry.one.mutate(d.id, done('delivery'))}
                      >
                        Retry
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
    );
  };

  return (
    <>
      <PageHeader
        title="Failures"
        description="Deliveries that ran out of attempts wait here for a person. Fix the destination, then retry."
        actions={
          canWrite &&
          selected.size > 0 && (
            <Button
              loading={retry.many.isPending && retry.many.variables.delivery_ids !== undefined}
              onClick={() => retry.many.mutate({ delivery_ids: [...selected] }, done('deliveries'))}
            >
              Retry {selected.size} selected
            </Button>
          )
        }
      />
      <Group mb="md" align="end">
        <Select
          label="Destination"
          placeholder="every destination"
          clearable
          maw={320}
          value={backendId === null ? null : String(backendId)}
          onChange={(v) => {
            setBackendId(v === null ? null : Number(v));
            setSelected(new Set());
          }}
          data={(backends.data ?? []).map((b) => ({ value: String(b.id), label: b.name }))}
        />
        <Select
          label="Why"
          placeholder="every cause"
          clearable
          maw={260}
          value={errorClass}
          onChange={(v) => {
            setErrorClass(v as ErrorClass | null);
            setSelected(new Set());
          }}
          data={Object.entries(ERROR_CLASS_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Group>
      <QueryState
        query={failures}
        label="failed deliveries"
        empty={{
          when: (d) => d.length === 0,
          message:
            backendId === null && errorClass === null
              ? 'No failed deliveries: everything received was delivered or is still on its way.'
              : 'No failed deliveries of this selection.',
        }}
      >
        {(rows) => (
          <Stack>
            {rows.length >= FAILURE_LIMIT && (
              <Text size="sm" c="orange">
                Showing the newest {FAILURE_LIMIT}; “Retry all” covers every failure of a destination.
              </Text>
            )}
            {groupFailures(rows).map(groupCard)}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
