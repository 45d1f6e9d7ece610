import { Badge, Button, Checkbox, Fieldset, Group, Modal, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { useApi, useAuth } from '../../auth/AuthProvider';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ConfigForm } from '../../components/form/ConfigForm';
import { initialValues, toBody } from '../../components/form/fields';
import { notifyFailed, notifySaved } from '../../components/notify';
import { userDefaults, userFields } from './user-fields';

type User = Schemas['UserDto'];
type Editing = { mode: 'create' } | { mode: 'edit'; user: User } | null;

export function UsersPage(): ReactNode {
  const api = useApi();
  const { canWrite, me } = useAuth();
  const queryClient = useQueryClient();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [editing, setEditing] = useState<Editing>(null);
  const users = useQuery({ queryKey: ['users'], queryFn: () => unwrap(api.GET('/api/v1/users')) });
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => unwrap(api.GET('/api/v1/roles')) });
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ['users'] });
  const editUser =
    editing?.mode === 'edit' ? (users.data?.find((u) => u.id === editing.user.id) ?? editing.user) : null;

  const save = async (values: Record<string, string | boolean>): Promise<void> => {
    if (editUser)
      await unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: editUser.id } },
          body: toBody(userFields, values, true),
        }),
      );
    else
      await unwrap(api.POST('/api/v1/users', { body: toBody(userFields, values, false) as Schemas['CreateUserDto'] }));
    notifySaved(editUser ? 'user saved' : 'user created');
    setEditing(null);
    await refresh();
  };

  const setRole = async (user: User, role: Schemas['RoleDto'], on: boolean): Promise<void> => {
    try {
      if (on)
        await unwrap(
          api.POST('/api/v1/users/{id}/roles', { params: { path: { id: user.id } }, body: { role_id: role.id } }),
        );
      else
        await unwrap(
          api.DELETE('/api/v1/users/{id}/roles/{role_id}', { params: { path: { id: user.id, role_id: role.id } } }),
        );
      notifySaved(`${role.name} ${on ? 'given to' : 'taken from'} ${user.email}`);
    } catch (err) {
      notifyFailed('Could not change the roles', err);
    }
    await refresh();
  };

  const addButton = canWrite ? <Button onClick={() => setEditing({ mode: 'create' })}>Add user</Button> : null;
  return (
    <>
      <PageHeader
        title="Users"
        description="People who may use the console and the API. Google sign-in creates a user on first sign-in, with the User role."
        actions={addButton}
      />
      <QueryState
        query={users}
        label="users"
        empty={{
          when: (l) => l.length === 0,
          message: 'No users yet. Add one, or let them sign in with Google.',
          action: addButton,
        }}
      >
        {(list) => (
          <Table.ScrollContainer minWidth={narrow ? 0 : 640}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  {!narrow && <Table.Th>Name</Table.Th>}
                  <Table.Th>Roles</Table.Th>
                  <Table.Th>Active</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td>
                      {u.email}
                      {u.id === me?.id && (
                        <Text span c="dimmed" size="xs">
                          {' '}
                          (you)
                        </Text>
                      )}
                    </Table.Td>
                    {!narrow && <Table.Td>{u.full_name ?? '—'}</Table.Td>}
                    <Table.Td>
                      <Group gap={4}>
                        {u.roles.length ? (
                          u.roles.map((r) => (
                            <Badge key={r.id} variant="light">
                              {r.name}
                            </Badge>
                          ))
                        ) : (
                          <Text size="sm" c="dimmed">
                            none
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{u.is_active ? 'yes' : 'no'}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="default" onClick={() => setEditing({ mode: 'edit', user: u })}>
                        {canWrite ? 'Edit' : 'View'}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        fullScreen={narrow === true}
        title={editUser ? `${canWrite ? 'Edit' : 'View'} ${editUser.email}` : 'Add user'}
      >
        {editing && (
          <Stack>
            <ConfigForm
              key={editUser?.id ?? 'new'}
              specs={userFields}
              editing={editUser !== null}
              readOnly={!canWrite}
              initial={initialValues(userFields, editUser as unknown as Record<string, unknown> | null, userDefaults)}
              onSubmit={save}
              onCancel={() => setEditing(null)}
            />
            {editUser && (
              <Fieldset legend="Roles">
                <Text size="xs" c="dimmed" mb="xs">
                  Admin manages everything; User sees everything read-only and manages their own API keys.
                </Text>
                <Stack gap="xs">
                  {(roles.data ?? []).map((r) => (
                    <Checkbox
                      key={r.id}
                      label={`${r.name}${r.description ? ` — ${r.description}` : ''}`}
                      disabled={!canWrite}
                      checked={editUser.roles.some((x) => x.id === r.id)}
                      onChange={(e) => void setRole(editUser, r, e.currentTarget.checked)}
                    />
                  ))}
                </Stack>
              </Fieldset>
            )}
          </Stack>
        )}
      </Modal>
    </>
  );
}
