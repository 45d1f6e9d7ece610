import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { Credential } from '../auth/credential';
import type { ApiPaths } from './types';

export type ApiClient = Client<ApiPaths>;

export interface ApiClientOptions {
  /** The credential of this tab, read at each request (it changes on sign-in and sign-out). */
  credential: () => Credential | null;
  /** Called when any call answers 401: the credential is no longer good. */
  onUnauthorized: () => void;
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** Authorization header for a credential: `Api-Key` for an API key, `Bearer` for a Google sign-in token. */
export function authorizationOf(credential: Credential): string {
  return credential.kind === 'api-key' ? `Api-Key ${credential.secret}` : `Bearer ${credential.secret}`;
}

/** The typed API client (paths and bodies from the OpenAPI document), with auth and the 401 handler. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<ApiPaths>({
    baseUrl: options.baseUrl ?? window.location.origin,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    onRequest({ request }) {
      const credential = options.credential();
      if (credential) request.headers.set('Authorization', authorizationOf(credential));
      return request;
    },
    onResponse({ response }) {
      if (response.status === 401) options.onUnauthorized();
      return response;
    },
  };
  client.use(auth);
  return client;
}
