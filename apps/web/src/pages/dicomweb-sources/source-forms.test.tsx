import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/types';
import { renderPage, userDto } from '../../test/render';
import { QrSourcesPage } from '../qr-sources/QrSourcesPage';
import { DicomwebSourcesPage } from './DicomwebSourcesPage';

const me = () => ({ status: 200, body: userDto(['Admin']) });

const webSource: Schemas['DicomwebSourceDto'] = {
  id: 5,
  name: 'archive',
  base_url: 'https://archive.example.org/dicom-web',
  qido_prefix: 'qido-rs',
  wado_prefix: 'wado-rs',
  auth_type: 'bearer',
  auth_config_set: true,
  polling_interval_seconds: 300,
  search_filters: null,
  description: null,
  is_active: true,
  is_enabled: true,
  found_instance_count: 3,
  queued_instance_count: 1,
  processed_instance_count: 2,
  last_error_message: null,
  last_error_run: null,
  last_processed_timestamp: null,
  last_successful_run: null,
  max_concurrent_retrievals: 2,
  next_run_at: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('DICOMweb source form', () => {
  it('a stored token is write-only: "set", kept unless replaced', async () => {
    const patches: unknown[] = [];
    renderPage(<DicomwebSourcesPage />, {
      handlers: {
        'GET /api/v1/users/me': me,
        'GET /api/v1/config/dicomweb-sources': () => ({ status: 200, body: [webSource] }),
        'PATCH /api/v1/config/dicomweb-sources/5': (call) => {
          patches.push(call.body);
          return { status: 200, body: webSource };
        },
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('set')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText(/^Token/)).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches).toHaveLength(1));
    expect(patches[0]).not.toHaveProperty('auth_config');
    expect(patches[0]).toMatchObject({ auth_type: 'bearer', base_url: 'https://archive.example.org/dicom-web' });
  });

  it('refuses filters that are not a JSON object before sending, and sends them parsed', async () => {
    const posts: unknown[] = [];
    renderPage(<DicomwebSourcesPage />, {
      handlers: {
        'GET /api/v1/users/me': me,
        'GET /api/v1/config/dicomweb-sources': () => ({ status: 200, body: [] }),
        'POST /api/v1/config/dicomweb-sources': (call) => {
          posts.push(call.body);
          return { status: 201, body: webSource };
        },
      },
    });
    await userEvent.click((await screen.findAllByRole('button', { name: 'Add DICOMweb source' }))[0] as HTMLElement);
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'archive');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /^DICOMweb base URL/ }),
      'https://archive.example.org/dicom-web',
    );
    const filters = within(dialog).getByRole('textbox', { name: /QIDO-RS filters/ });
    await userEvent.type(filters, '[[1');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    expect(await within(dialog).findByText(/is not valid JSON/)).toBeInTheDocument();
    expect(posts).toHaveLength(0);
    await userEvent.clear(filters);
    await userEvent.type(filters, '{{"ModalitiesInStudy": "CT"}');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toMatchObject({
      name: 'archive',
      auth_type: 'none',
      auth_config: null,
      search_filters: { ModalitiesInStudy: 'CT' },
      polling_interval_seconds: 300,
    });
  });
});

describe('DIMSE Q/R source form', () => {
  it('creates with the peer, the move destination and typed numbers; a 422 lands at its field', async () => {
    const posts: unknown[] = [];
    renderPage(<QrSourcesPage />, {
      handlers: {
        'GET /api/v1/users/me': me,
        'GET /api/v1/config/dimse-qr-sources': () => ({ status: 200, body: [] }),
        'POST /api/v1/config/dimse-qr-sources': (call) => {
          posts.push(call.body);
          return {
            status: 422,
            body: {
              detail: 'validation failed',
              code: 'validation_failed',
              errors: [{ path: 'move_destination_ae_title', message: 'no listener has the AE title NOPE' }],
            },
          };
        },
      },
    });
    expect(await screen.findByText(/No Q\/R sources yet/)).toBeInTheDocument();
    await userEvent.click((await screen.findAllByRole('button', { name: 'Add Q/R source' }))[0] as HTMLElement);
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Name/ }), 'old-pacs');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Host/ }), 'oldpacs.example.org');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Port/ }), '104');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^Called AE title/ }), 'OLDPACS');
    await userEvent.type(within(dialog).getByRole('textbox', { name: /^C-MOVE destination/ }), 'NOPE');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(within(dialog).getByRole('textbox', { name: /^C-MOVE destination/ })).toHaveAccessibleDescription(
        /no listener has the AE title NOPE/,
      ),
    );
    expect(posts[0]).toEqual({
      name: 'old-pacs',
      remote_host: 'oldpacs.example.org',
      remote_port: 104,
      remote_ae_title: 'OLDPACS',
      local_ae_title: 'AXIOM_QR_SCU',
      move_destination_ae_title: 'NOPE',
      query_level: 'STUDY',
      polling_interval_seconds: 300,
      max_concurrent_retrievals: 2,
      is_active: true,
      is_enabled: true,
    });
  });
});
