import { ActionIcon, Group } from '@mantine/core';
import type { ReactNode } from 'react';

/** Up and down buttons that move a row one place in the priority order; labelled for screen readers. */
export function MoveButtons({
  label,
  index,
  count,
  onMove,
}: {
  label: string;
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
}): ReactNode {
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon variant="subtle" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Move ${label} up`}>
        ↑
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        disabled={index === count - 1}
        onClick={() => onMove(1)}
        aria-label={`Move ${label} down`}
      >
        ↓
      </ActionIcon>
    </Group>
  );
}
