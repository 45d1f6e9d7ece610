import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  childPath,
  messagesUnder,
  newGroup,
  newLeaf,
  type CriterionGroup,
  type CriterionNode,
  type GroupKind,
} from './criteria';
import { CriterionRow } from './CriterionRow';

interface NodeListProps {
  nodes: CriterionNode[];
  /** The API path of each node, by index. */
  pathOf: (index: number) => string;
  errors: Record<string, string>;
  disabled: boolean;
  depth: number;
  onChange: (nodes: CriterionNode[]) => void;
}

const GROUP_LABELS: Record<GroupKind, string> = { all: 'all of', any: 'any of', not: 'none of' };
/** The API accepts 16 levels; the editor offers fewer, which is plenty for a person. */
const MAX_DEPTH = 6;

function NodeList({ nodes, pathOf, errors, disabled, depth, onChange }: NodeListProps): ReactNode {
  const replace = (index: number, node: CriterionNode): void => onChange(nodes.map((n, i) => (i === index ? node : n)));
  const remove = (index: number): void => onChange(nodes.filter((_n, i) => i !== index));
  return (
    <Stack gap="xs">
      {nodes.map((node, index) =>
        node.kind === 'leaf' ? (
          <CriterionRow
            key={node.key}
            leaf={node}
            path={pathOf(index)}
            subjectKind="tag"
            errors={errors}
            disabled={disabled}
            onChange={(n) => replace(index, n)}
            onRemove={() => remove(index)}
          />
        ) : (
          <GroupBox
            key={node.key}
            group={node}
            path={pathOf(index)}
            errors={errors}
            disabled={disabled}
            depth={depth + 1}
            onChange={(g) => replace(index, g)}
            onRemove={() => remove(index)}
          />
        ),
      )}
      {!disabled && (
        <Group gap="xs">
          <Button size="xs" variant="light" onClick={() => onChange([...nodes, newLeaf()])}>
            Add criterion
          </Button>
          {depth < MAX_DEPTH &&
            (['any', 'all', 'not'] as const).map((kind) => (
              <Button key={kind} size="xs" variant="subtle" onClick={() => onChange([...nodes, newGroup(kind)])}>
                Add “{GROUP_LABELS[kind]}” group
              </Button>
            ))}
        </Group>
      )}
    </Stack>
  );
}

interface GroupBoxProps {
  group: CriterionGroup;
  path: string;
  errors: Record<string, string>;
  disabled: boolean;
  depth: number;
  onChange: (group: CriterionGroup) => void;
  onRemove: () => void;
}

function GroupBox({ group, path, errors, disabled, depth, onChange, onRemove }: GroupBoxProps): ReactNode {
  const own = messagesUnder(errors, path, true);
  return (
    <Paper
      withBorder
      p="xs"
      role="group"
      aria-label={`${GROUP_LABELS[group.kind]} group`}
      bg="var(--mantine-color-gray-0)"
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <SegmentedControl
            size="xs"
            value={group.kind}
            disabled={disabled}
            aria-label="Group kind"
            data={(['all', 'any', 'not'] as const).map((k) => ({ value: k, label: GROUP_LABELS[k] }))}
            onChange={(kind) => onChange({ ...group, kind: kind as GroupKind })}
          />
          {!disabled && (
            <Button size="xs" variant="subtle" color="red" onClick={onRemove}>
              Remove group
            </Button>
          )}
        </Group>
        {own.length > 0 && (
          <Text c="red" size="sm">
            {own.join('; ')}
          </Text>
        )}
        <NodeList
          nodes={group.children}
          pathOf={(i) => childPath(path, group, i)}
          errors={errors}
          disabled={disabled}
          depth={depth}
          onChange={(children) => onChange({ ...group, children })}
        />
      </Stack>
    </Paper>
  );
}

export interface MatchCriteriaEditorProps {
  nodes: CriterionNode[];
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (nodes: CriterionNode[]) => void;
}

/** The top level is an implicit "all of"; groups nest any / all / not. */
export function MatchCriteriaEditor({ nodes, errors, disabled, onChange }: MatchCriteriaEditorProps): ReactNode {
  return (
    <Stack gap="xs">
      {nodes.length === 0 && (
        <Text size="sm" c="dimmed">
          No criteria: every instance from the chosen sources matches.
        </Text>
      )}
      <NodeList
        nodes={nodes}
        pathOf={(i) => `match_criteria[${i}]`}
        errors={errors}
        disabled={disabled}
        depth={0}
        onChange={onChange}
      />
    </Stack>
  );
}
