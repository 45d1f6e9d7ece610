import { Button, Group, Modal, Switch, Table, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { ConfirmDialog } from './ConfirmDialog';
import { PageHeader } from './PageHeader';
import { QueryState } from './QueryState';
import { ConfigForm } from './form/ConfigForm';
import { initialValues, type FieldSpec, type FormValues } from './form/fields';
import { notifyFailed, notifySaved } from './notify';

export interface ConfigItem {
  id: number;
  name: string;
  is_enabled: boolean;
}

export interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
  /** Hidden on a narrow screen (the name, state and actions always show). */
  wide?: boolean;
}

export interface ConfigResource<T extends ConfigItem> {
  /** "storage backend": used in titles, buttons and confirmations. */
  noun: string;
  queryKey: readonly unknown[];
  list: () => Promise<T[]>;
  create: (values: FormValues) => Promise<unknown>;
  update: (id: number, values: FormValues) => Promise<unknown>;
  setEnabled: (id: number, enabled: boolean) => Promise<unknown>;
  remove: (id: number) => Promise<unknown>;
  specs: readonly FieldSpec[];
  defaults: FormValues;
  secretsSetOf?: (item: T) => Record<string, boolean>;
  /** Form values beyond the plain field copy (e.g. a list shown as text). */
  valuesOf?: (item: T | null, base: FormValues) => FormValues;
}

export interface ConfigListPageProps<T extends ConfigItem> {
  title: string;
  description: ReactNode;
  emptyMessage: string;
  resource: ConfigResource<T>;
  columns: Column<T>[];
  /** Extra buttons per row (e.g. "test connection"). */
  rowActions?: (item: T) => ReactNode;
}

function formValuesOf<T extends ConfigItem>(resource: ConfigResource<T>, item: T | null): FormValues {
  const base = initialValues(resource.specs, item as unknown as Record<string, unknown> | null, resource.defaults);
  return resource.valuesOf ? resource.valuesOf(item, base) : base;
}

type Editing<T> = { mode: 'create' } | { mode: 'edit'; item: T } | null;

/** List, create, edit, enable/disable and delete for one kind of configuration item. */
export function ConfigListPage<T extends ConfigItem>({
  title,
  description,
  emptyMessage,
  resource,
  columns,
  rowActions,
}: ConfigListPageProps<T>): ReactNode {
  const { canWrite } = useAuth();
  const queryClient = useQueryClient();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [editing, setEditing] = useState<Editing<T>>(null);
  const [deleting, setDeleting] = useState<T | null>(null);
  const query = useQuery({ queryKey: resource.queryKey, queryFn: resource.list });
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: resource.queryKey });

  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: number; enabled: boolean }) => resource.setEnabled(id, enabled),
    onSuccess: (_r, { enabled }) => notifySaved(`${resource.noun} ${enabled ? 'enabled' : 'disabled'}`),
    onError: (err) => notifyFailed(`Could not change the ${resource.noun}`, err),
    onSettled: refresh,
  });

  const save = async (values: FormValues): Promise<void> => {
    if (editing?.mode === 'edit') await resource.update(editing.item.id, values);
    else await resource.create(values);
    notifySaved(`${resource.noun} ${editing?.mode === 'edit' ? 'saved' : 'created'}`);
    setEditing(null);
    await refresh();
  };

  const remove = async (): Promise<void> => {
    if (!deleting) return;
    try {
      await resource.remove(deleting.id);
      notifySaved(`${resource.noun} "${deleting.name}" deleted`);
      setDeleting(null);
    } catch (err) {
      notifyFailed(`Could not delete the ${resource.noun}`, err);
    }
    await refresh();
  };

  const addButton = canWrite ? (
    <Button onClick={() => setEditing({ mode: 'create' })}>Add {resource.noun}</Button>
  ) : null;
  const shownColumns = columns.filter((c) => !narrow || !c.wide);
  const editItem = editing?.mode === 'edit' ? editing.item : null;

  return (
    <>
      <PageHeader title={title} description={description} actions={addButton} />
      <QueryState
        query={query}
        label={title.toLowerCase()}
        empty={{
          when: (items) => items.length === 0,
          message: canWrite ? emptyMessage : `No ${resource.noun}s yet. An admin can add one.`,
          action: addButton,
        }}
      >
        {(items) => (
          <Table.ScrollContainer minWidth={narrow ? 0 : 720}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  {shownColumns.map((c) => (
                    <Table.Th key={c.header}>{c.header}</Table.Th>
                  ))}
                  <Table.Th>Enabled</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td fw={500}>{item.name}</Table.Td>
                    {shownColumns.map((c) => (
                      <Table.Td key={c.header}>{c.cell(item)}</Table.Td>
                    ))}
                    <Table.Td>
                      <Switch
                        checked={item.is_enabled}
                        disabled={!canWrite || toggle.isPending}
                        aria-label={`${item.name} enabled`}
                        onChange={(e) => toggle.mutate({ id: item.id, enabled: e.currentTarget.checked })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap" justify="flex-end">
                        {rowActions?.(item)}
                        <Button size="xs" variant="default" onClick={() => setEditing({ mode: 'edit', item })}>
                          {canWrite ? 'Edit' : 'View'}
                        </Button>
                        {canWrite && (
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setDeleting(item)}
                            aria-label={`Delete ${item.name}`}
                          >
                            Delete
                          </Button>
                        )}
                      </Group>
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
        size="lg"
        fullScreen={narrow === true}
        title={editItem ? `${canWrite ? 'Edit' : 'View'} ${resource.noun} "${editItem.name}"` : `Add ${resource.noun}`}
      >
        {editing && (
          <ConfigForm
            key={editItem?.id ?? 'new'}
            specs={resource.specs}
            editing={editItem !== null}
            readOnly={!canWrite}
            initial={formValuesOf(resource, editItem)}
            secretsSet={editItem && resource.secretsSetOf ? resource.secretsSetOf(editItem) : {}}
            onSubmit={save}
            onCancel={() => setEditing(null)}
          />
        )}
      </Modal>
      <ConfirmDialog
        opened={deleting !== null}
        title={`Delete ${resource.noun}`}
        confirmLabel="Delete"
        message={
          <>
            Delete the {resource.noun} <b>{deleting?.name}</b>? This cannot be undone.
          </>
        }
        onConfirm={remove}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
