// Test harness: the real providers (Mantine, TanStack Query, auth with the real openapi-fetch
// client) around a page, with a fake fetch that answers by "METHOD /path".
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { Schemas } from '../api/types';
import { AuthProvider } from '../auth/AuthProvider';
import { saveCredential, type Credential } from '../auth/credential';
import { theme } from '../theme';

export const BASE_URL = 'http://console.test';

export interface Call {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

export type Handler = (call: Call) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

/** A fetch that records every call and answers from `handlers` ("GET /api/v1/users/me"); others get 404. */
export function fakeFetch(handlers: Record<string, Handler>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const impl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const call: Call = {
      method: request.method,
      path: url.pathname,
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    calls.push(call);
    const handler = handlers[`${call.method} ${call.path}`];
    const answer = handler ? await handler(call) : { status: 404, body: { detail: 'not found', code: 'not_found' } };
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: answer.body === undefined ? {} : { 'Content-Type': 'application/json' },
    });
  };
  return { fetch: impl as typeof fetch, calls };
}

export function userDto(roles: Schemas['RoleDto']['name'][], email = 'ana@example.org'): Schemas['UserDto'] {
  return {
    id: 1,
    email,
    full_name: null,
    is_active: true,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    roles: roles.map((name, i) => ({ id: i + 1, name, description: null })),
  };
}

export function withMantine(ui: ReactNode): ReactElement {
  // env="test": no transitions and no portals, so what opens is there at once (Mantine's testing guide)
  return (
    <MantineProvider theme={theme} env="test">
      {ui}
    </MantineProvider>
  );
}

export interface RenderPageOptions {
  handlers: Record<string, Handler>;
  credential?: Credential | null;
  path?: string;
  /** Routes beside the page under test (e.g. the sign-in page a 401 leads to). */
  routes?: { path: string; element: ReactNode }[];
}

/** Renders `page` at `path` (default /) with a signed-in tab unless `credential: null`. */
export function renderPage(page: ReactNode, options: RenderPageOptions): RenderResult & { calls: Call[] } {
  const credential =
    options.credential === undefined ? { kind: 'api-key' as const, secret: 'test_key' } : options.credential;
  saveCredential(credential);
  const { fetch, calls } = fakeFetch(options.handlers);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const path = options.path ?? '/';
  const result = render(
    withMantine(
      <>
        <Notifications />
        <QueryClientProvider client={queryClient}>
          <AuthProvider baseUrl={BASE_URL} fetch={fetch}>
            <MemoryRouter initialEntries={[path]}>
              <Routes>
                <Route path={path.split('?')[0]} element={page} />
                {(options.routes ?? []).map((r) => (
                  <Route key={r.path} path={r.path} element={r.element} />
                ))}
              </Routes>
            </MemoryRouter>
          </AuthProvider>
        </QueryClientProvider>
      </>,
    ),
  );
  return { ...result, calls };
}
