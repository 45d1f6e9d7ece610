import {
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { useApi } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';

type Entry = Schemas['AuditEntryDto'];
type Action = Entry['action'];
const ACTIONS: Action[] = ['create', 'update', 'delete', 'assign_role', 'remove_role', 'revoke', 'sign_in'];
const PAGE = 50;

export function AuditPage(): ReactNode {
  const api = useApi();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [entityType, setEntityType] = useState('');
  const [action, setAction] = useState<Action | null>(null);
  const [offset, setOffset] = useState(0);
  const [shown, setShown] = useState<Entry | null>(null);
  const [typed] = useDebouncedValue(entityType.trim(), 300);
  const query = {
    limit: PAGE,
    offset,
    ...(typed ? { entity_type: typed } : {}),
    ...(action ? { action } : {}),
  };
  const entries = useQuery({
    queryKey: ['audit', query],
    queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query } })),
    placeholderData: keepPreviousData,
  });
  const filtered = typed !== '' || action !== null;

  return (
    <>
      <PageHeader title="Audit log" description="Who changed what, newest first. Secrets are masked." />
      <Group mb="md" align="flex-end">
        <TextInput
          label="Entity type"
          placeholder="storage_backend"
          value={entityType}
          onChange={(e) => {
            setEntityType(e.currentTarget.value);
            setOffset(0);
          }}
        />
        <Select
          label="Action"
          placeholder="any"
          clearable
          data={ACTIONS}
          value={action}
          onChange={(v) => {
            setAction(v as Action | null);
            setOffset(0);
          }}
        />
      </Group>
      <QueryState
        query={entries}
        label="the audit log"
        empty={{
          when: (l) => l.length === 0,
          message:
            offset > 0
              ? 'No older entries.'
              : filtered
                ? 'No entries match these filters.'
                : 'Nothing audited yet: changes to the configuration, roles and keys appear here.',
        }}
      >
        {(list) => (
          <Table.ScrollContainer minWidth={narrow ? 0 : 720}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Who</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Details</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>{new Date(e.created_at).toLocaleString()}</Table.Td>
                    <Table.Td>{e.actor ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={e.action === 'delete' || e.action === 'revoke' ? 'red' : 'blue'}>
                        {e.action}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {e.entity_type}
                      {e.entity_id ? ` #${e.entity_id}` : ''}
                    </Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="default" onClick={() => setShown(e)}>
                        Details
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <Group justify="space-between" mt="md">
        <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          Newer
        </Button>
        <Text size="sm" c="dimmed">
          entries {offset + 1}–{offset + (entries.data?.length ?? 0)}
        </Text>
        <Button
          variant="default"
          disabled={(entries.data?.length ?? 0) < PAGE}
          onClick={() => setOffset(offset + PAGE)}
        >
          Older
        </Button>
      </Group>
      <Modal
        opened={shown !== null}
        onClose={() => setShown(null)}
        size="xl"
        title={shown ? `${shown.action} ${shown.entity_type}${shown.entity_id ? ` #${shown.entity_id}` : ''}` : ''}
      >
        {shown && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Stack gap={4}>
              <Title order={3} size="h5">
                Before
              </Title>
              <Code block>{JSON.stringify(shown.before, null, 2)}</Code>
            </Stack>
            <Stack gap={4}>
              <Title order={3} size="h5">
                After
              </Title>
              <Code block>{JSON.stringify(shown.after, null, 2)}</Code>
            </Stack>
          </SimpleGrid>
        )}
      </Modal>
    </>
  );
}
