import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { RolesPage } from '../pages/roles/RolesPage';
import { StorageBackendsPage } from '../pages/storage-backends/StorageBackendsPage';
import { fakeFetch, renderPage, userDto } from '../test/render';
import { RequireAuth } from './RequireAuth';
import { SignInPage, safeNext } from './SignInPage';
import { loadCredential, takeTokenFromFragment } from './credential';

const googleConfigured = fakeFetch({
  'GET /api/v1/auth/providers': () => ({ status: 200, body: { google_redirect: true, google_id_token: true } }),
}).fetch;
const googleMissing = fakeFetch({
  'GET /api/v1/auth/providers': () => ({ status: 200, body: { google_redirect: false, google_id_token: false } }),
}).fetch;

const signedInPage = {
  path: '/roles',
  element: (
    <RequireAuth>
      <RolesPage />
    </RequireAuth>
  ),
};
const roles = () => ({ status: 200, body: [{ id: 1, name: 'Admin', description: 'manages everything' }] });

describe('sign-in form', () => {
  it('tries the key, keeps it for this tab only and goes where the user was going', async () => {
    const { calls } = renderPage(<SignInPage probeFetch={googleMissing} />, {
      credential: null,
      path: '/sign-in?next=%2Froles',
      routes: [signedInPage],
      handlers: {
        'GET /api/v1/users/me': (call) =>
          call.headers.get('Authorization') === 'Api-Key good_key'
            ? { status: 200, body: userDto(['Admin']) }
            : { status: 401, body: { detail: 'no', code: 'unauthorized' } },
        'GET /api/v1/roles': roles,
      },
    });
    await userEvent.type(screen.getByLabelText(/^API key/), 'good_key');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('manages everything')).toBeInTheDocument();
    expect(loadCredential()).toEqual({ kind: 'api-key', secret: 'good_key' });
    expect(window.localStorage.length).toBe(0);
    expect(calls.filter((c) => c.path === '/api/v1/roles')[0]?.headers.get('Authorization')).toBe('Api-Key good_key');
  });

  it('says so when the key is refused, and keeps nothing', async () => {
    renderPage(<SignInPage probeFetch={googleMissing} />, {
      credential: null,
      path: '/sign-in',
      handlers: {
        'GET /api/v1/users/me': () => ({ status: 401, body: { detail: 'invalid API key', code: 'unauthorized' } }),
      },
    });
    await userEvent.type(screen.getByLabelText(/^API key/), 'bad_key');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByLabelText(/^API key/)).toHaveAccessibleDescription(/not accepted/));
    expect(loadCredential()).toBeNull();
  });

  it('asks for a key rather than sending an empty one', async () => {
    const { calls } = renderPage(<SignInPage probeFetch={googleMissing} />, {
      credential: null,
      path: '/sign-in',
      handlers: {},
    });
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter an API key')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('offers Google when the server has the redirect flow, and not when it answers 503', async () => {
    const first = renderPage(<SignInPage probeFetch={googleConfigured} />, {
      credential: null,
      path: '/sign-in',
      handlers: {},
    });
    expect(await screen.findByRole('link', { name: 'Sign in with Google' })).toHaveAttribute(
      'href',
      '/api/v1/auth/google/login',
    );
    first.unmount();
    renderPage(<SignInPage probeFetch={googleMissing} />, { credential: null, path: '/sign-in', handlers: {} });
    expect(await screen.findByText(/Google sign-in is not configured/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Sign in with Google' })).not.toBeInTheDocument();
  });
});

describe('session', () => {
  it('a 401 from any call ends the session and leads back to sign-in, saying why', async () => {
    renderPage(
      <RequireAuth>
        <StorageBackendsPage />
      </RequireAuth>,
      {
        path: '/storage-backends',
        routes: [{ path: '/sign-in', element: <SignInPage probeFetch={googleMissing} /> }],
        handlers: {
          'GET /api/v1/users/me': () => ({ status: 200, body: userDto(['Admin']) }),
          'GET /api/v1/config/storage-backends': () => ({
            status: 200,
            body: [
              {
                id: 1,
                name: 'out',
                backend_type: 'filesystem',
                path: '/out',
                is_enabled: true,
                description: null,
                created_at: '',
                updated_at: '',
              },
            ],
          }),
          'PATCH /api/v1/config/storage-backends/1': () => ({
            status: 401,
            body: { detail: 'API key revoked', code: 'unauthorized' },
          }),
        },
      },
    );
    await userEvent.click(await screen.findByRole('switch', { name: 'out enabled' }));
    expect(await screen.findByText(/Your session has ended/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^API key/)).toBeInTheDocument();
    expect(loadCredential()).toBeNull();
  });

  it('the Google redirect lands with the token in the fragment: kept as a Bearer token and wiped from the address', () => {
    window.history.replaceState(null, '', '/#access_token=eyJ.token.sig&token_type=bearer');
    const credential = takeTokenFromFragment();
    expect(credential).toEqual({ kind: 'bearer', secret: 'eyJ.token.sig' });
    expect(window.location.hash).toBe('');
  });

  it('only follows `next` to a page of this console', () => {
    expect(safeNext('/rules/3')).toBe('/rules/3');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/api/v1/users')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
