import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/errors';

export interface QueryStateProps<T> {
  query: UseQueryResult<T>;
  /** What to say (and offer) when the data is an empty list. */
  empty?: { when: (data: T) => boolean; message: ReactNode; action?: ReactNode };
  children: (data: T) => ReactNode;
  label?: string;
}

/** Loading, error (with a retry) and empty states, the same on every page. */
export function QueryState<T>({ query, empty, children, label = 'data' }: QueryStateProps<T>): ReactNode {
  if (query.isPending)
    return (
      <Center py="xl">
        <Loader aria-label={`loading ${label}`} />
      </Center>
    );
  if (query.isError) {
    return (
      <Alert color="red" title={`Could not load ${label}`}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorMessage(query.error)}</Text>
          <Button size="xs" variant="default" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (empty?.when(query.data)) {
    return (
      <Stack align="center" py="xl" gap="sm">
        <Text c="dimmed" ta="center">
          {empty.message}
        </Text>
        {empty.action}
      </Stack>
    );
  }
  return children(query.data);
}
