import { Alert, Anchor, Button, Center, Divider, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { authorizationOf } from '../api/client';
import { ApiError, errorMessage, unwrap } from '../api/errors';
import { useAuth } from './AuthProvider';

export const GOOGLE_LOGIN_PATH = '/api/v1/auth/google/login';
export const PROVIDERS_PATH = '/api/v1/auth/providers';

/** Only paths of this console: `next` comes from the address bar, so no `//evil.example`. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/api/') ? next : '/';
}

/** Whether the API has the Google redirect flow configured (GET /auth/providers: a plain 200, nothing that errors). */
function useGoogleAvailable(fetchImpl: typeof fetch = fetch): boolean | null {
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    fetchImpl(PROVIDERS_PATH)
      .then(async (res) => {
        const body = res.ok ? ((await res.json()) as { google_redirect?: boolean }) : {};
        if (live) setAvailable(body.google_redirect === true);
      })
      .catch(() => {
        if (live) setAvailable(false);
      });
    return () => {
      live = false;
    };
  }, [fetchImpl]);
  return available;
}

export function SignInPage({ probeFetch }: { probeFetch?: typeof fetch }): ReactNode {
  const { api, credential, signIn, endedReason } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [keyError, setKeyError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const google = useGoogleAvailable(probeFetch);
  const next = safeNext(params.get('next'));

  if (credential) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const secret = key.trim();
    if (!secret) {
      setKeyError('Enter an API key');
      return;
    }
    setChecking(true);
    setKeyError(null);
    try {
      // try the key before keeping it, so a typo is said here and not as a failed page later
      await unwrap(
        api.GET('/api/v1/users/me', { headers: { Authorization: authorizationOf({ kind: 'api-key', secret }) } }),
      );
      signIn({ kind: 'api-key', secret });
      void navigate(next, { replace: true });
    } catch (err) {
      setKeyError(
        err instanceof ApiError && err.status === 401
          ? 'This API key was not accepted (unknown, revoked or expired).'
          : errorMessage(err),
      );
    } finally {
      setChecking(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
        <Stack>
          <Title order={1} size="h2">
            Axiom Flow
          </Title>
          <Text c="dimmed">Sign in to the router console.</Text>
          {endedReason && <Alert color="yellow">{endedReason}</Alert>}
          {google !== false && (
            <Button component="a" href={GOOGLE_LOGIN_PATH} variant="default" loading={google === null}>
              Sign in with Google
            </Button>
          )}
          {google === false && (
            <Text size="sm" c="dimmed">
              Google sign-in is not configured on this server.
            </Text>
          )}
          <Divider label="or with an API key" labelPosition="center" />
          <form onSubmit={(e) => void submit(e)} noValidate>
            <Stack>
              <PasswordInput
                label="API key"
                description="prefix_secret, as shown when the key was created (kept for this tab only)"
                value={key}
                onChange={(e) => setKey(e.currentTarget.value)}
                error={keyError}
                autoComplete="off"
                required
              />
              <Button type="submit" loading={checking}>
                Sign in
              </Button>
            </Stack>
          </form>
          <Text size="xs" c="dimmed">
            No key yet? The first start prints an admin key;{' '}
            <Anchor href="/api/v1/docs" size="xs">
              API docs
            </Anchor>
            .
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
