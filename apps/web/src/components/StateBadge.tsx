import { Badge, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';

const COLORS: Record<string, string> = {
  ok: 'teal',
  listening: 'teal',
  running: 'teal',
  delivered: 'teal',
  completed: 'teal',
  degraded: 'yellow',
  unknown: 'gray',
  stopped: 'gray',
  disabled: 'gray',
  error: 'red',
  failed: 'red',
  none: 'red',
};

/** A state word in its color, with the error detail on hover/focus when there is one. */
export function StateBadge({ state, detail = null }: { state: string; detail?: string | null }): ReactNode {
  const badge = (
    <Badge color={COLORS[state] ?? 'blue'} variant="light" tabIndex={detail ? 0 : undefined}>
      {state}
    </Badge>
  );
  return detail ? (
    <Tooltip label={detail} multiline maw={360}>
      {badge}
    </Tooltip>
  ) : (
    badge
  );
}
