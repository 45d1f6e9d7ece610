import { ActionIcon, Button, Checkbox, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { messagesUnder } from './criteria';
import {
  ACTION_FIELDS,
  ACTION_FLAGS,
  MODIFY_ACTIONS,
  TAG_FIELDS,
  newModification,
  type Modification,
  type ModificationField,
  type ModifyAction,
} from './modifications';
import { TagInput } from './TagInput';

const FIELD_LABELS: Record<ModificationField, string> = {
  tag: 'Tag',
  value: 'Value',
  vr: 'VR (optional)',
  pattern: 'Pattern (RE2)',
  replacement: 'Replacement',
  source_tag: 'From tag',
  destination_tag: 'To tag',
  destination_vr: 'VR (optional)',
  max_days: 'Max days (optional)',
};
const FLAG_LABELS = {
  retain_uids: 'keep UIDs',
  retain_longitudinal_modified_dates: 'shift dates instead of removing them',
} as const;

export interface ModificationsEditorProps {
  items: Modification[];
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (items: Modification[]) => void;
}

/** Applied in order, each on the result of the one before; so each row can move up or down. */
export function ModificationsEditor({ items, errors, disabled, onChange }: ModificationsEditorProps): ReactNode {
  const replace = (index: number, m: Modification): void => onChange(items.map((x, i) => (i === index ? m : x)));
  const move = (index: number, by: -1 | 1): void => {
    const next = [...items];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + by, 0, moved);
    onChange(next);
  };
  return (
    <Stack gap="xs">
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          No modifications: matched instances are sent as received.
        </Text>
      )}
      {items.map((m, index) => {
        const path = `tag_modifications[${index}]`;
        const own = messagesUnder(errors, path, true).concat(messagesUnder(errors, `${path}.action`));
        return (
          <Paper key={m.key} withBorder p="xs" data-testid="modification-row">
            <Group gap="xs" align="flex-start" wrap="wrap">
              <Select
                style={{ flex: '1 1 140px' }}
                aria-label="Action"
                data={[...MODIFY_ACTIONS]}
                value={m.action}
                allowDeselect={false}
                disabled={disabled}
                onChange={(action) => replace(index, { ...m, action: (action ?? 'set') as ModifyAction })}
                error={own.join('; ') || undefined}
              />
              {ACTION_FIELDS[m.action].map(({ field }) => {
                const error = messagesUnder(errors, `${path}.${field}`).join('; ') || undefined;
                const setField = (v: string): void => replace(index, { ...m, fields: { ...m.fields, [field]: v } });
                return TAG_FIELDS.includes(field) ? (
                  <div key={field} style={{ flex: '2 1 180px' }}>
                    <TagInput
                      label={FIELD_LABELS[field]}
                      compact
                      value={m.fields[field] ?? ''}
                      onChange={setField}
                      error={error}
                      disabled={disabled}
                    />
                  </div>
                ) : (
                  <TextInput
                    key={field}
                    style={{ flex: '2 1 150px' }}
                    aria-label={FIELD_LABELS[field]}
                    placeholder={FIELD_LABELS[field]}
                    value={m.fields[field] ?? ''}
                    onChange={(e) => setField(e.currentTarget.value)}
                    error={error}
                    disabled={disabled}
                  />
                );
              })}
              {(ACTION_FLAGS[m.action] ?? []).map((flag) => (
                <Checkbox
                  key={flag}
                  mt={8}
                  label={FLAG_LABELS[flag]}
                  checked={m.flags[flag] === true}
                  disabled={disabled}
                  onChange={(e) => replace(index, { ...m, flags: { ...m.flags, [flag]: e.currentTarget.checked } })}
                />
              ))}
              {!disabled && (
                <Group gap={2} mt={4}>
                  <ActionIcon
                    variant="subtle"
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                    aria-label={`Move modification ${index + 1} up`}
                  >
                    ↑
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    disabled={index === items.length - 1}
                    onClick={() => move(index, 1)}
                    aria-label={`Move modification ${index + 1} down`}
                  >
                    ↓
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => onChange(items.filter((_x, i) => i !== index))}
                    aria-label={`Remove modification ${index + 1}`}
                  >
                    ✕
                  </ActionIcon>
                </Group>
              )}
            </Group>
          </Paper>
        );
      })}
      {!disabled && (
        <Group>
          <Button size="xs" variant="light" onClick={() => onChange([...items, newModification()])}>
            Add modification
          </Button>
        </Group>
      )}
    </Stack>
  );
}
