import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** A count for display: `—` when unknown. */
export const n = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : String(v));

/** A labelled number, big. */
export function Count({
  label,
  value,
  color,
}: {
  label: string;
  value: number | undefined;
  color?: string;
}): ReactNode {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {n(value)}
      </Text>
    </Stack>
  );
}

/** A bordered dashboard panel with a title and an optional link to where it is configured. */
export function Section({
  title,
  children,
  to,
  linkLabel = 'configure',
}: {
  title: string;
  children: ReactNode;
  to?: string;
  linkLabel?: string;
}): ReactNode {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {to && (
          <Text component={Link} to={to} size="sm" c="indigo">
            {linkLabel}
          </Text>
        )}
      </Group>
      {children}
    </Paper>
  );
}

/** The dimmed line a panel shows when it has nothing to list. */
export function Empty({ children }: { children: ReactNode }): ReactNode {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}
