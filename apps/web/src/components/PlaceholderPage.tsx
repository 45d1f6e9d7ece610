import { Alert, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A page whose content is not in the console yet; the API route named here already works. */
export function PlaceholderPage({ title, apiPath }: { title: string; apiPath: string }): ReactNode {
  return (
    <Stack>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Alert color="gray" title="Not in the console yet">
        This page is being built. Until then, the same data is at <code>{apiPath}</code> (see /api/v1/docs).
      </Alert>
    </Stack>
  );
}
