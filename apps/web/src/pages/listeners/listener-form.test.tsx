import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/types';
import { renderPage, userDto } from '../../test/render';
import { ListenersPage } from './ListenersPage';

const listener: Schemas['DimseListenerDto'] = {
  id: 3,
  name: 'ct-listener',
  ae_title: 'CT_SCP',
  port: 11113,
  instance_id: 'default',
  is_enabled: true,
  tls_enabled: false,
  description: 'CT room',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

function handlers(extra: Record<string, Parameters<typeof renderPage>[1]['handlers'][string]> = {}) {
  return {
    'GET /api/v1/users/me': () => ({ status: 200, body: userDto(['Admin']) }),
    'GET /api/v1/config/dimse-listeners': () => ({ status: 200, body: [listener] }),
    'GET /api/v1/system/dimse-listeners/status': () => ({
      status: 200,
      body: [
        {
          ...listener,
          state: 'error',
          associations: 0,
          stored: 0,
          failed: 0,
          last_error: 'EADDRINUSE',
          last_error_at: null,
        },
      ],
    }),
    ...extra,
  };
}

describe('DIMSE listener form', () => {
  it('shows the configuration with its live state', async () => {
    renderPage(<ListenersPage />, { handlers: handlers() });
    expect(await screen.findByText('ct-listener')).toBeInTheDocument();
    expect(screen.getByText('CT_SCP')).toBeInTheDocument();
    expect(await screen.findByText('error')).toBeInTheDocument();
  });

  it('creates with defaults and a numeric port, and shows the TLS refusal at the switch', async () => {
    const bodies: unknown[] = [];
    renderPage(<ListenersPage />, {
      handlers: handlers({
        'POST /api/v1/config/dimse-listeners': (call) => {
          bodies.push(call.body);
          return {
            status: 422,
            body: {
              detail: 'validation failed',
              code: 'validation_failed',
              errors: [{ path: 'tls_enabled', message: 'DICOM TLS is not supported yet' }],
            },
          };
        },
      }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Add listener' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'mr-listener');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^AE title/ }), 'MR_SCP');
    const port = within(dialog).getByRole('textbox', { name: /^Port/ });
    await userEvent.clear(port);
    await userEvent.type(port, '11114');
    await userEvent.click(within(dialog).getByRole('switch', { name: /DICOM TLS/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText('DICOM TLS is not supported yet')).toBeInTheDocument();
    expect(bodies).toEqual([
      {
        name: 'mr-listener',
        ae_title: 'MR_SCP',
        port: 11114,
        instance_id: 'default',
        tls_enabled: true,
        is_enabled: true,
      },
    ]);
  });

  it('edits with PATCH, clearing an emptied description', async () => {
    const patches: unknown[] = [];
    renderPage(<ListenersPage />, {
      handlers: handlers({
        'PATCH /api/v1/config/dimse-listeners/3': (call) => {
          patches.push(call.body);
          return { status: 200, body: listener };
        },
      }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('textbox', { name: /^AE title/ })).toHaveValue('CT_SCP');
    await userEvent.clear(within(dialog).getByRole('textbox', { name: /^Description/ }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).toMatchObject({ name: 'ct-listener', ae_title: 'CT_SCP', port: 11113, description: null });
  });

  it('asks before deleting, and deletes only when confirmed', async () => {
    let deleted = 0;
    renderPage(<ListenersPage />, {
      handlers: handlers({
        'DELETE /api/v1/config/dimse-listeners/3': () => {
          deleted += 1;
          return { status: 204 };
        },
      }),
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete ct-listener' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/cannot be undone/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(deleted).toBe(0);
    await userEvent.click(screen.getByRole('button', { name: 'Delete ct-listener' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(deleted).toBe(1));
  });

  it('enables and disables from the list', async () => {
    const patches: unknown[] = [];
    renderPage(<ListenersPage />, {
      handlers: handlers({
        'PATCH /api/v1/config/dimse-listeners/3': (call) => {
          patches.push(call.body);
          return { status: 200, body: { ...listener, is_enabled: false } };
        },
      }),
    });
    await userEvent.click(await screen.findByRole('switch', { name: 'ct-listener enabled' }));
    await waitFor(() => expect(patches).toEqual([{ is_enabled: false }]));
  });
});
