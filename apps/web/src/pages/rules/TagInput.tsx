import { Autocomplete, Group, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useDictionary } from './use-rules';

export interface TagInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  disabled?: boolean;
  /** Hide the visible label (rows of a list), keeping it for screen readers. */
  compact?: boolean;
}

/**
 * A tag field with keyword autocomplete from the DICOM dictionary. Anything may be typed:
 * `(0010,0010)`, a private `(0009,"CREATOR",10)` or a sequence path are valid tags too.
 */
export function TagInput({
  label,
  value,
  onChange,
  error,
  disabled = false,
  compact = false,
}: TagInputProps): ReactNode {
  // the last path segment is what is being typed: `ReferencedStudySequence[0].Refe`
  const typed = value.split('.').pop() ?? '';
  const [debounced] = useDebouncedValue(typed, 150);
  const suggestions = useDictionary(/^[A-Za-z0-9]{2,}$/.test(debounced) ? debounced : '');
  const prefix = value.slice(0, value.length - typed.length);
  const entries = suggestions.data ?? [];
  const byValue = new Map(entries.map((e) => [`${prefix}${e.keyword}`, e]));

  return (
    <Autocomplete
      label={compact ? undefined : label}
      aria-label={label}
      placeholder="PatientName or (0010,0010)"
      value={value}
      onChange={onChange}
      error={error}
      disabled={disabled}
      data={[...byValue.keys()]}
      filter={({ options }) => options}
      limit={15}
      renderOption={({ option }) => {
        const entry = byValue.get(option.value);
        return (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm">{entry?.keyword ?? option.value}</Text>
            {entry && (
              <Text size="xs" c="dimmed">
                {entry.tag} {entry.vr}
              </Text>
            )}
          </Group>
        );
      }}
      comboboxProps={{ withinPortal: true }}
      autoComplete="off"
      spellCheck={false}
    />
  );
}
