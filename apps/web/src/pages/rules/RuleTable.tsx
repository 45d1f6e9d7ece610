import { Badge, Button, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { MoveButtons } from './MoveButtons';
import { byPriority, moved } from './ordering';
import type { Rule, Ruleset } from './use-rules';

/** The rules of one ruleset in priority order; writers get reorder and delete buttons, readers view only. */
export function RuleTable({
  ruleset,
  canWrite,
  onReorder,
  onEdit,
  onDelete,
}: {
  ruleset: Ruleset;
  canWrite: boolean;
  /** The ruleset's rules in their new order. */
  onReorder: (rules: Rule[]) => void;
  onEdit: (rule: Rule) => void;
  onDelete: (rule: Rule) => void;
}): ReactNode {
  const rules = byPriority(ruleset.rules);
  if (rules.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No rules yet{canWrite ? ': add one to route what this ruleset matches.' : '.'}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Matches</Table.Th>
            <Table.Th>Destinations</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.map((rule, index) => (
            <Table.Tr key={rule.id}>
              <Table.Td>{rule.priority}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {rule.name}
                  </Text>
                  {!rule.is_active && (
                    <Badge color="gray" variant="light">
                      inactive
                    </Badge>
                  )}
                </Group>
                {rule.description && (
                  <Text size="xs" c="dimmed">
                    {rule.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {rule.match_criteria.length} criteria, {rule.tag_modifications.length} modifications
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{rule.destinations.map((d) => d.name).join(', ') || '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  {canWrite && (
                    <MoveButtons
                      label={`rule ${rule.name}`}
                      index={index}
                      count={rules.length}
                      onMove={(by) => onReorder(moved(rules, index, by))}
                    />
                  )}
                  <Button size="xs" variant="default" onClick={() => onEdit(rule)}>
                    {canWrite ? 'Edit' : 'View'}
                  </Button>
                  {canWrite && (
                    <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(rule)}>
                      Delete
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
