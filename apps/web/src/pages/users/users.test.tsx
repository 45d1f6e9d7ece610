import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPage, userDto } from '../../test/render';
import { UsersPage } from './UsersPage';

const roles = [
  { id: 1, name: 'Admin', description: 'manages everything' },
  { id: 2, name: 'User', description: 'reads' },
];
const bob = { ...userDto(['User'], 'bob@example.org'), id: 2, roles: [roles[1]] };

describe('users', () => {
  it('gives and takes roles through the API', async () => {
    const calls: string[] = [];
    const { calls: all } = renderPage(<UsersPage />, {
      handlers: {
        'GET /api/v1/users/me': () => ({ status: 200, body: userDto(['Admin']) }),
        'GET /api/v1/users': () => ({ status: 200, body: [userDto(['Admin']), bob] }),
        'GET /api/v1/roles': () => ({ status: 200, body: roles }),
        'POST /api/v1/users/2/roles': (c) => {
          calls.push(`give ${JSON.stringify(c.body)}`);
          return { status: 201, body: bob };
        },
        'DELETE /api/v1/users/2/roles/2': () => {
          calls.push('take 2');
          return { status: 204 };
        },
      },
    });
    expect(await screen.findByText('bob@example.org')).toBeInTheDocument();
    await userEvent.click((await screen.findAllByRole('button', { name: 'Edit' }))[1] as HTMLElement);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('textbox', { name: /^Email/ })).toHaveValue('bob@example.org');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^Admin/ }));
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^User/ }));
    await waitFor(() => expect(calls).toEqual(['give {"role_id":1}', 'take 2']));
    expect(
      all.filter((c) => c.method !== 'GET').every((c) => c.headers.get('Authorization') === 'Api-Key test_key'),
    ).toBe(true);
  });

  it('a User sees the list without add or role changes', async () => {
    renderPage(<UsersPage />, {
      handlers: {
        'GET /api/v1/users/me': () => ({ status: 200, body: userDto(['User']) }),
        'GET /api/v1/users': () => ({ status: 200, body: [bob] }),
        'GET /api/v1/roles': () => ({ status: 200, body: roles }),
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'View' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('checkbox', { name: /^User/ })).toBeDisabled();
    expect(within(dialog).queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add user' })).not.toBeInTheDocument();
  });
});
