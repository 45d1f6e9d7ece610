import { Badge, Button, Group, Input, PasswordInput, Stack, TextInput, Textarea } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { FieldSpec } from './fields';

export interface SecretFieldProps {
  spec: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  /** A value is stored (the API says so; it never returns the value itself). */
  isSet: boolean;
  error?: string | undefined;
  disabled?: boolean;
}

/**
 * A write-only value: the stored one is never shown. When one is stored, the field says "set" and
 * offers "Replace"; left empty, the stored value stays.
 */
export function SecretField({ spec, value, onChange, isSet, error, disabled }: SecretFieldProps): ReactNode {
  const [replacing, setReplacing] = useState(!isSet || value !== '' || Boolean(error));
  const id = `secret-${spec.name}`;
  const state = (
    <Badge color={isSet ? 'teal' : 'gray'} variant="light">
      {isSet ? 'set' : 'not set'}
    </Badge>
  );
  if (!replacing) {
    return (
      <Input.Wrapper label={spec.label} description={spec.description} error={error}>
        <Group gap="sm" mt={4}>
          {state}
          {!disabled && (
            <Button size="xs" variant="default" onClick={() => setReplacing(true)} aria-label={`Replace ${spec.label}`}>
              Replace
            </Button>
          )}
        </Group>
      </Input.Wrapper>
    );
  }
  const common = {
    id,
    label: (
      <Group gap={6} component="span">
        {spec.label}
        {state}
      </Group>
    ),
    description: isSet ? 'leave empty to keep the stored value' : spec.description,
    placeholder: isSet ? 'replace the stored value' : spec.placeholder,
    value,
    error,
    disabled,
    required: spec.required && !isSet,
    autoComplete: 'off',
    onChange: (e: { currentTarget: { value: string } }) => onChange(e.currentTarget.value),
  };
  return (
    <Stack gap={4}>
      {spec.multiline ? (
        <Textarea {...common} autosize minRows={3} maxRows={10} spellCheck={false} />
      ) : spec.plain ? (
        <TextInput {...common} />
      ) : (
        <PasswordInput {...common} />
      )}
    </Stack>
  );
}
