import { ActionIcon, Checkbox, Group, Select, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import {
  ASSOCIATION_OPERATORS,
  ASSOCIATION_PARAMETERS,
  TAG_OPERATORS,
  messagesUnder,
  takesList,
  takesNoValue,
  type CriterionLeaf,
} from './criteria';
import { TagInput } from './TagInput';

export interface CriterionRowProps {
  leaf: CriterionLeaf;
  /** `match_criteria[0].any[1]` or `association_criteria[0]`: where the server's messages point. */
  path: string;
  /** A tag criterion (with keyword autocomplete) or an association one (a parameter to pick). */
  subjectKind: 'tag' | 'parameter';
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (leaf: CriterionLeaf) => void;
  onRemove: () => void;
}

const valueHint = (op: string): string =>
  takesList(op) ? 'comma-separated: CT, MR' : op.startsWith('ip_') ? '10.0.0.0/8' : '';

/** One criterion: what is tested, the operator, the value and "ignore case". */
export function CriterionRow({
  leaf,
  path,
  subjectKind,
  errors,
  disabled,
  onChange,
  onRemove,
}: CriterionRowProps): ReactNode {
  const set = (patch: Partial<CriterionLeaf>): void => onChange({ ...leaf, ...patch });
  const subjectField = subjectKind === 'tag' ? 'tag' : 'parameter';
  const subjectError = messagesUnder(errors, `${path}.${subjectField}`).join('; ') || undefined;
  const opError = messagesUnder(errors, `${path}.op`).join('; ') || undefined;
  const rowOnly = messagesUnder(errors, path, true).join('; ');
  const valueError =
    [
      messagesUnder(errors, `${path}.value`).join('; '),
      messagesUnder(errors, `${path}.case_insensitive`).join('; '),
      rowOnly,
    ]
      .filter(Boolean)
      .join('; ') || undefined;
  const operators: readonly string[] = subjectKind === 'tag' ? TAG_OPERATORS : ASSOCIATION_OPERATORS;

  return (
    <Group gap="xs" align="flex-start" wrap="wrap" data-testid="criterion-row">
      <div style={{ flex: '2 1 200px' }}>
        {subjectKind === 'tag' ? (
          <TagInput
            label="Tag"
            compact
            value={leaf.subject}
            onChange={(subject) => set({ subject })}
            error={subjectError}
            disabled={disabled}
          />
        ) : (
          <Select
            aria-label="Parameter"
            data={[...ASSOCIATION_PARAMETERS]}
            value={leaf.subject || null}
            onChange={(subject) => set({ subject: subject ?? '' })}
            error={subjectError}
            disabled={disabled}
            allowDeselect={false}
            placeholder="Parameter"
          />
        )}
      </div>
      <Select
        style={{ flex: '1 1 130px' }}
        aria-label="Operator"
        data={[...operators]}
        value={leaf.op}
        onChange={(op) => set({ op: op ?? 'eq' })}
        error={opError}
        disabled={disabled}
        allowDeselect={false}
      />
      {!takesNoValue(leaf.op) && (
        <TextInput
          style={{ flex: '2 1 180px' }}
          aria-label="Value"
          placeholder={valueHint(leaf.op) || 'value'}
          value={leaf.value}
          onChange={(e) => set({ value: e.currentTarget.value })}
          error={valueError}
          disabled={disabled}
        />
      )}
      <Checkbox
        mt={8}
        label="ignore case"
        checked={leaf.caseInsensitive}
        onChange={(e) => set({ caseInsensitive: e.currentTarget.checked })}
        disabled={disabled}
      />
      {!disabled && (
        <ActionIcon
          mt={4}
          variant="subtle"
          color="red"
          onClick={onRemove}
          aria-label={`Remove criterion ${leaf.subject || ''}`.trim()}
        >
          ✕
        </ActionIcon>
      )}
    </Group>
  );
}
