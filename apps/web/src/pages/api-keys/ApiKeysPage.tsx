import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { unwrap } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { useApi } from '../../auth/AuthProvider';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { ConfigForm } from '../../components/form/ConfigForm';
import type { FieldSpec, FormValues } from '../../components/form/fields';
import { notifyFailed, notifySaved } from '../../components/notify';

type ApiKey = Schemas['ApiKeyDto'];

export const apiKeyFields: FieldSpec<keyof Schemas['CreateApiKeyDto']>[] = [
  {
    name: 'name',
    label: 'Name',
    kind: 'text',
    required: true,
    placeholder: 'nightly export script',
    description: 'what the key is for',
  },
  {
    name: 'expires_at',
    label: 'Expires on',
    kind: 'text',
    placeholder: 'YYYY-MM-DD',
    description: 'the end of that day (UTC); empty = never',
  },
];

/** `2026-12-31` -> the end of that day in UTC; anything else is left for the API to judge. */
export function expiryOf(text: string): string | null {
  const day = text.trim();
  if (!day) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T23:59:59Z` : day;
}

const when = (iso: string | null): string => (iso ? new Date(iso).toLocaleString() : '—');

export function ApiKeysPage(): ReactNode {
  const api = useApi();
  const queryClient = useQueryClient();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Schemas['CreatedApiKeyDto'] | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => unwrap(api.GET('/api/v1/apikeys')) });
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ['api-keys'] });

  const create = async (values: FormValues): Promise<void> => {
    const key = await unwrap(
      api.POST('/api/v1/apikeys', {
        body: { name: String(values['name']).trim(), expires_at: expiryOf(String(values['expires_at'] ?? '')) },
      }),
    );
    setCreating(false);
    setCreated(key);
    await refresh();
  };

  const revoke = async (): Promise<void> => {
    if (!revoking) return;
    try {
      await unwrap(api.DELETE('/api/v1/apikeys/{id}', { params: { path: { id: revoking.id } } }));
      notifySaved(`key "${revoking.name}" revoked`);
      setRevoking(null);
    } catch (err) {
      notifyFailed('Could not revoke the key', err);
    }
    await refresh();
  };

  const addButton = <Button onClick={() => setCreating(true)}>Create API key</Button>;
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys for scripts and for signing in here. A key acts with its owner's roles."
        actions={addButton}
      />
      <QueryState
        query={keys}
        label="API keys"
        empty={{
          when: (l) => l.length === 0,
          message: "No API keys yet. Create one for a script or a colleague's tool.",
          action: addButton,
        }}
      >
        {(list) => (
          <Table.ScrollContainer minWidth={narrow ? 0 : 720}>
            <Table striped verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Prefix</Table.Th>
                  {!narrow && (
                    <>
                      <Table.Th>Expires</Table.Th>
                      <Table.Th>Last used</Table.Th>
                    </>
                  )}
                  <Table.Th>State</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((k) => (
                  <Table.Tr key={k.id}>
                    <Table.Td fw={500}>{k.name}</Table.Td>
                    <Table.Td>
                      <Code>{k.prefix}</Code>
                    </Table.Td>
                    {!narrow && (
                      <>
                        <Table.Td>{k.expires_at ? when(k.expires_at) : 'never'}</Table.Td>
                        <Table.Td>{when(k.last_used_at)}</Table.Td>
                      </>
                    )}
                    <Table.Td>
                      <Badge color={k.is_active ? 'teal' : 'gray'} variant="light">
                        {k.is_active ? 'active' : 'revoked'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {k.is_active && (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setRevoking(k)}
                          aria-label={`Revoke ${k.name}`}
                        >
                          Revoke
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <Modal opened={creating} onClose={() => setCreating(false)} title="Create API key">
        {creating && (
          <ConfigForm
            specs={apiKeyFields}
            initial={{ name: '', expires_at: '' }}
            editing={false}
            onSubmit={create}
            onCancel={() => setCreating(false)}
          />
        )}
      </Modal>
      <Modal
        opened={created !== null}
        onClose={() => setCreated(null)}
        title="Your new API key"
        closeOnClickOutside={false}
      >
        {created && <NewKey apiKey={created} onDone={() => setCreated(null)} />}
      </Modal>
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke API key"
        confirmLabel="Revoke"
        message={
          <>
            Revoke <b>{revoking?.name}</b> ({revoking?.prefix})? Scripts using it stop working at once.
          </>
        }
        onConfirm={revoke}
        onClose={() => setRevoking(null)}
      />
    </>
  );
}

/** The whole key, shown once: the API keeps only its hash. */
export function NewKey({ apiKey, onDone }: { apiKey: Schemas['CreatedApiKeyDto']; onDone: () => void }): ReactNode {
  return (
    <Stack>
      <Alert color="yellow">Copy it now: it is shown only this once and cannot be recovered.</Alert>
      <TextInput
        label={`Key "${apiKey.name}"`}
        value={apiKey.full_key}
        readOnly
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        onFocus={(e) => e.currentTarget.select()}
      />
      <Group justify="space-between">
        <CopyButton value={apiKey.full_key}>
          {({ copied, copy }) => (
            <Button color={copied ? 'teal' : undefined} onClick={copy}>
              {copied ? 'Copied' : 'Copy key'}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={onDone}>
          Done
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        Use it as <Code>X-API-Key: {apiKey.prefix}_…</Code> or <Code>Authorization: Api-Key …</Code>.
      </Text>
    </Stack>
  );
}
