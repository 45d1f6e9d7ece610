import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { errorMessage } from '../api/errors';
import { useAuth } from './AuthProvider';

/** Pages behind sign-in: without a credential, to /sign-in (and back here afterwards). */
export function RequireAuth({ children }: { children: ReactNode }): ReactNode {
  const { credential, meLoading, meError, me, signOut } = useAuth();
  const location = useLocation();
  if (!credential) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (meLoading)
    return (
      <Center h="100vh">
        <Loader aria-label="checking your sign-in" />
      </Center>
    );
  if (meError || !me) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={420}>
          <Alert color="red" title="Cannot load your identity">
            {errorMessage(meError)}
          </Alert>
          <Button variant="default" onClick={signOut}>
            Sign out
          </Button>
        </Stack>
      </Center>
    );
  }
  return children;
}
