import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Schemas } from '../../api/types';
import { renderPage, userDto } from '../../test/render';
import { ApiKeysPage, expiryOf } from './ApiKeysPage';

const key: Schemas['ApiKeyDto'] = {
  id: 3,
  name: 'nightly',
  prefix: 'Ab12Cd34',
  is_active: true,
  expires_at: null,
  last_used_at: null,
  user_id: 1,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('API keys', () => {
  it('shows a new key once, with a copy button, and revokes after confirmation', async () => {
    const posts: unknown[] = [];
    let revoked = 0;
    renderPage(<ApiKeysPage />, {
      handlers: {
        'GET /api/v1/users/me': () => ({ status: 200, body: userDto(['User']) }),
        'GET /api/v1/apikeys': () => ({ status: 200, body: [key] }),
        'POST /api/v1/apikeys': (call) => {
          posts.push(call.body);
          return { status: 201, body: { ...key, id: 4, name: 'export', full_key: 'Zz99Yy88_secretpart' } };
        },
        'DELETE /api/v1/apikeys/3': () => {
          revoked += 1;
          return { status: 204 };
        },
      },
    });
    expect(await screen.findByText('Ab12Cd34')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Create API key' }));
    const form = await screen.findByRole('dialog');
    await userEvent.type(within(form).getByRole('textbox', { name: /^Name/ }), 'export');
    await userEvent.type(within(form).getByRole('textbox', { name: /^Expires on/ }), '2027-01-31');
    await userEvent.click(within(form).getByRole('button', { name: 'Create' }));
    expect(await screen.findByDisplayValue('Zz99Yy88_secretpart')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy key' })).toBeInTheDocument();
    expect(posts).toEqual([{ name: 'export', expires_at: '2027-01-31T23:59:59Z' }]);
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByDisplayValue('Zz99Yy88_secretpart')).not.toBeInTheDocument());

    await userEvent.click(screen.getByRole('button', { name: 'Revoke nightly' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(revoked).toBe(1));
  });

  it('reads an expiry day as its end in UTC, and empty as never', () => {
    expect(expiryOf('2027-01-31')).toBe('2027-01-31T23:59:59Z');
    expect(expiryOf(' ')).toBeNull();
  });
});
