import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from '../api/client';
import { unwrap } from '../api/errors';
import type { Schemas } from '../api/types';
import { loadCredential, saveCredential, takeTokenFromFragment, type Credential } from './credential';

export interface AuthState {
  api: ApiClient;
  credential: Credential | null;
  /** The signed-in identity (GET /users/me); null while unknown. */
  me: Schemas['UserDto'] | null;
  meLoading: boolean;
  meError: unknown;
  /** Admin may change things; a User sees everything read-only. */
  canWrite: boolean;
  /** Why the last session ended (a 401), to say so on the sign-in page. */
  endedReason: string | null;
  signIn: (credential: Credential) => void;
  signOut: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export interface AuthProviderProps {
  children: ReactNode;
  /** Tests pass their own fetch and base URL. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

export function AuthProvider({ children, baseUrl, fetch }: AuthProviderProps): ReactNode {
  const queryClient = useQueryClient();
  const [credential, setCredential] = useState<Credential | null>(() => {
    const fromRedirect = takeTokenFromFragment();
    if (fromRedirect) saveCredential(fromRedirect);
    return fromRedirect ?? loadCredential();
  });
  const [endedReason, setEndedReason] = useState<string | null>(null);
  // the client reads the credential at each request, so it is built once
  const current = useRef(credential);
  current.current = credential;

  const end = useCallback(
    (reason: string | null) => {
      saveCredential(null);
      current.current = null;
      setCredential(null);
      setEndedReason(reason);
      queryClient.clear();
    },
    [queryClient],
  );

  const api = useMemo(
    () =>
      createApiClient({
        credential: () => current.current,
        onUnauthorized: () => {
          if (current.current) end('Your session has ended or the credential was refused. Sign in again.');
        },
        ...(baseUrl ? { baseUrl } : {}),
        ...(fetch ? { fetch } : {}),
      }),
    [baseUrl, fetch, end],
  );

  const me = useQuery({
    queryKey: ['me', credential?.secret ?? null],
    queryFn: () => unwrap(api.GET('/api/v1/users/me')),
    enabled: credential !== null,
    retry: false,
  });

  const signIn = useCallback((next: Credential) => {
    saveCredential(next);
    current.current = next;
    setEndedReason(null);
    setCredential(next);
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      api,
      credential,
      me: me.data ?? null,
      meLoading: credential !== null && me.isPending,
      meError: me.error,
      canWrite: (me.data?.roles ?? []).some((r) => r.name === 'Admin'),
      endedReason,
      signIn,
      signOut: () => end(null),
    }),
    [api, credential, me.data, me.isPending, me.error, endedReason, signIn, end],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** The typed API client of this tab. */
export function useApi(): ApiClient {
  return useAuth().api;
}
