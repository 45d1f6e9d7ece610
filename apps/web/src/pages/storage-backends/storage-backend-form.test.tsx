import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { ConfigForm } from '../../components/form/ConfigForm';
import { initialValues, type FormValues } from '../../components/form/fields';
import { renderPage, userDto, withMantine } from '../../test/render';
import { StorageBackendsPage } from './StorageBackendsPage';
import {
  storageBackendBody,
  storageBackendDefaults,
  storageBackendFields,
  storageBackendSecrets,
  storageBackendValues,
} from './storage-backend-fields';

type Backend = Schemas['StorageBackendDto'];

function backend(fields: Partial<Backend>): Backend {
  return {
    id: 7,
    name: 'archive',
    backend_type: 'gcs',
    description: null,
    is_enabled: true,
    retry_policy: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...fields,
  };
}

/** The storage backend form alone, as the page renders it; resolves each submit's body. */
function renderForm(
  item: Backend | null,
  onSubmit: (body: Record<string, unknown>) => Promise<void> = async () => undefined,
) {
  const submitted = vi.fn(async (values: FormValues) => onSubmit(storageBackendBody(values, item !== null)));
  const base = initialValues(
    storageBackendFields,
    item as unknown as Record<string, unknown> | null,
    storageBackendDefaults,
  );
  render(
    withMantine(
      <ConfigForm
        specs={storageBackendFields}
        editing={item !== null}
        initial={storageBackendValues(item, base)}
        secretsSet={item ? storageBackendSecrets(item) : {}}
        onSubmit={submitted}
        onCancel={() => undefined}
      />,
    ),
  );
  return submitted;
}

async function chooseType(label: RegExp): Promise<void> {
  await userEvent.click(screen.getByRole('textbox', { name: /^Type/ }));
  await userEvent.click(await screen.findByRole('option', { name: label }));
}

describe('storage backend form: the fields of the chosen type', () => {
  it('filesystem asks for a directory only', () => {
    renderForm(null);
    expect(screen.getByLabelText(/^Directory/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Host/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Bucket/)).not.toBeInTheDocument();
  });

  it("cstore shows host, port and AE titles and sends them typed, without the other types' fields", async () => {
    const submitted = vi.fn<(body: Record<string, unknown>) => Promise<void>>(async () => undefined);
    renderForm(null, submitted);
    await chooseType(/C-STORE/);
    expect(screen.queryByLabelText(/^Directory/)).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^Name/), 'pacs-main');
    await userEvent.type(screen.getByLabelText(/^Host/), 'pacs.example.org');
    await userEvent.type(screen.getByLabelText(/^Port/), '104');
    await userEvent.type(screen.getByLabelText(/^Called AE title/), 'PACS');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(submitted).toHaveBeenCalledTimes(1));
    expect(submitted).toHaveBeenCalledWith({
      name: 'pacs-main',
      backend_type: 'cstore',
      remote_host: 'pacs.example.org',
      remote_port: 104,
      remote_ae_title: 'PACS',
      local_ae_title: 'AXIOM_STORE_SCU',
      max_associations: 2,
      tls_enabled: false,
      transfer_syntax_policy: 'as_received',
      is_enabled: true,
    });
  });

  it('gcs asks for a bucket and a write-only key; google_healthcare for project, location, dataset and store', async () => {
    renderForm(null);
    await chooseType(/Cloud Storage/);
    expect(screen.getByLabelText(/^Bucket/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Service-account key/)).toBeInTheDocument();
    await chooseType(/Healthcare/);
    expect(screen.queryByLabelText(/^Bucket/)).not.toBeInTheDocument();
    for (const label of [/^Project/, /^Location/, /^Dataset/, /^DICOM store/])
      expect(screen.getByLabelText(label)).toBeInTheDocument();
  });

  it('stow_rs shows the credentials of the chosen authentication and sends them as auth_config', async () => {
    const submitted = vi.fn<(body: Record<string, unknown>) => Promise<void>>(async () => undefined);
    renderForm(null, submitted);
    await chooseType(/STOW-RS/);
    expect(screen.queryByLabelText(/^Password/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('textbox', { name: /^Authentication/ }));
    await userEvent.click(await screen.findByRole('option', { name: /Basic/ }));
    await userEvent.type(screen.getByLabelText(/^Name/), 'dicomweb-out');
    await userEvent.type(screen.getByLabelText(/^DICOMweb base URL/), 'https://pacs.example.org/dicom-web');
    await userEvent.type(screen.getByLabelText(/^User name/), 'router');
    await userEvent.type(screen.getByLabelText(/^Password/), 's3cret');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(submitted).toHaveBeenCalledTimes(1));
    expect(submitted).toHaveBeenCalledWith(
      expect.objectContaining({
        backend_type: 'stow_rs',
        base_url: 'https://pacs.example.org/dicom-web',
        auth_type: 'basic',
        auth_config: { username: 'router', password: 's3cret' },
      }),
    );
  });

  it('checks required fields before sending', async () => {
    const submitted = renderForm(null);
    await chooseType(/C-STORE/);
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('Host is required')).toBeInTheDocument();
    expect(submitted).not.toHaveBeenCalled();
  });
});

describe('storage backend form: secrets are write-only', () => {
  it('a stored key shows as "set" with Replace, and is not sent unless replaced', async () => {
    const submitted = vi.fn<(body: Record<string, unknown>) => Promise<void>>(async () => undefined);
    renderForm(backend({ backend_type: 'gcs', bucket: 'b1', service_account_json_set: true }), submitted);
    expect(screen.getByText('set')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /Service-account key/ })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^Type/ })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(submitted).toHaveBeenCalledTimes(1));
    expect(submitted.mock.calls[0]?.[0]).not.toHaveProperty('service_account_json');
    expect(submitted.mock.calls[0]?.[0]).not.toHaveProperty('backend_type');

    await userEvent.click(screen.getByRole('button', { name: /Replace Service-account key/ }));
    await userEvent.type(screen.getByRole('textbox', { name: /Service-account key/ }), 'NEWKEY');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(submitted).toHaveBeenCalledTimes(2));
    expect(submitted.mock.calls[1]?.[0]).toMatchObject({ service_account_json: 'NEWKEY', bucket: 'b1' });
  });

  it('a key not stored yet shows "not set" and an input', () => {
    renderForm(backend({ backend_type: 'gcs', bucket: 'b1', service_account_json_set: false }));
    expect(screen.getByText('not set')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Service-account key/ })).toHaveValue('');
  });

  it('a transfer syntax list round-trips as one UID per line', async () => {
    const submitted = vi.fn<(body: Record<string, unknown>) => Promise<void>>(async () => undefined);
    renderForm(
      backend({
        backend_type: 'cstore',
        remote_host: 'h',
        remote_port: 104,
        remote_ae_title: 'P',
        transfer_syntax_policy: ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.1'],
      }),
      submitted,
    );
    expect(screen.getByLabelText(/^Transfer syntax UIDs/)).toHaveValue('1.2.840.10008.1.2.4.80\n1.2.840.10008.1.2.1');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(submitted).toHaveBeenCalledTimes(1));
    expect(submitted.mock.calls[0]?.[0]).toMatchObject({
      transfer_syntax_policy: ['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.1'],
    });
  });
});

describe("storage backend form: the API's 422 messages", () => {
  it('puts each message at the field it names, and the others above the form', async () => {
    renderForm(null, async () => {
      throw new ApiError(422, {
        detail: 'validation failed',
        code: 'validation_failed',
        errors: [
          { path: 'remote_port', message: 'remote_port must not be greater than 65535' },
          { path: 'bucket', message: 'bucket is not a field of cstore' },
        ],
      });
    });
    await chooseType(/C-STORE/);
    await userEvent.type(screen.getByLabelText(/^Name/), 'x');
    await userEvent.type(screen.getByLabelText(/^Host/), 'h');
    await userEvent.type(screen.getByLabelText(/^Port/), '104');
    await userEvent.type(screen.getByLabelText(/^Called AE title/), 'P');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(screen.getByLabelText(/^Port/)).toHaveAccessibleDescription(/must not be greater than 65535/),
    );
    expect(screen.getByLabelText(/^Port/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(screen.getByRole('alert')).getByText('bucket: bucket is not a field of cstore')).toBeInTheDocument();
  });
});

describe('storage backends page', () => {
  it("lists backends, creates through the API and shows the server's 422 at the field", async () => {
    const created: unknown[] = [];
    const { calls } = renderPage(<StorageBackendsPage />, {
      handlers: {
        'GET /api/v1/users/me': () => ({ status: 200, body: userDto(['Admin']) }),
        'GET /api/v1/config/storage-backends': () => ({
          status: 200,
          body: [backend({ id: 1, name: 'out-dir', backend_type: 'filesystem', path: '/data/out' })],
        }),
        'POST /api/v1/config/storage-backends': (call) => {
          created.push(call.body);
          return {
            status: 422,
            body: {
              detail: 'validation failed',
              code: 'validation_failed',
              errors: [{ path: 'path', message: 'path must be an absolute path' }],
            },
          };
        },
      },
    });
    expect(await screen.findByText('out-dir')).toBeInTheDocument();
    expect(screen.getByText('/data/out')).toBeInTheDocument();
    await userEvent.click(await screen.findByRole('button', { name: 'Add storage backend' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'second');
    await userEvent.type(within(dialog).getByLabelText(/^Directory/), 'relative/dir');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText(/^Directory/)).toHaveAccessibleDescription(/must be an absolute path/),
    );
    expect(created).toEqual([{ name: 'second', backend_type: 'filesystem', path: 'relative/dir', is_enabled: true }]);
    expect(calls.find((c) => c.method === 'POST')?.headers.get('Authorization')).toBe('Api-Key test_key');
  });

  it('shows a User the list read-only, with no add, edit or delete', async () => {
    renderPage(<StorageBackendsPage />, {
      handlers: {
        'GET /api/v1/users/me': () => ({ status: 200, body: userDto(['User']) }),
        'GET /api/v1/config/storage-backends': () => ({
          status: 200,
          body: [backend({ id: 1, name: 'out-dir', backend_type: 'filesystem', path: '/data/out' })],
        }),
      },
    });
    expect(await screen.findByText('out-dir')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'View' })).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: 'Add storage backend' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'out-dir enabled' })).toBeDisabled();
  });

  it('says what to do when there is none yet', async () => {
    renderPage(<StorageBackendsPage />, {
      handlers: {
        'GET /api/v1/users/me': () => ({ status: 200, body: userDto(['Admin']) }),
        'GET /api/v1/config/storage-backends': () => ({ status: 200, body: [] }),
      },
    });
    expect(await screen.findByText(/No storage backends yet/)).toBeInTheDocument();
  });
});
