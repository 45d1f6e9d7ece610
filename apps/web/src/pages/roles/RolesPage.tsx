import { Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import { useApi } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';

/** The roles are fixed by the product (Admin, User); they are given to people on the Users page. */
export function RolesPage(): ReactNode {
  const api = useApi();
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => unwrap(api.GET('/api/v1/roles')) });
  return (
    <>
      <PageHeader title="Roles" description="What each role may do. Give roles to people on the Users page." />
      <QueryState
        query={roles}
        label="roles"
        empty={{
          when: (l) => l.length === 0,
          message: 'No roles: the database was not seeded. Restart the API to run its migrations.',
        }}
      >
        {(list) => (
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Role</Table.Th>
                <Table.Th>What it may do</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td fw={500}>{r.name}</Table.Td>
                  <Table.Td>{r.description ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </>
  );
}
