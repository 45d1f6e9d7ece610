import { Alert, Button, Group, NumberInput, Select, Stack, Switch, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import { SecretField } from './SecretField';
import { localErrors, visibleFields, type FieldSpec, type FormValue, type FormValues } from './fields';

export interface ConfigFormProps {
  specs: readonly FieldSpec[];
  initial: FormValues;
  editing: boolean;
  /** Which secrets are stored, by their set flag (`service_account_json_set`...). */
  secretsSet?: Record<string, boolean>;
  readOnly?: boolean;
  submitLabel?: string;
  /** Throws an ApiError on refusal: its 422 messages go to the inputs they name. */
  onSubmit: (values: FormValues) => Promise<void>;
  onCancel: () => void;
}

/** The create/edit form of a config item: type-dependent fields, write-only secrets, 422s at the field. */
export function ConfigForm({
  specs,
  initial,
  editing,
  secretsSet = {},
  readOnly = false,
  submitLabel,
  onSubmit,
  onCancel,
}: ConfigFormProps): ReactNode {
  const [values, setValues] = useState<FormValues>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const shown = visibleFields(specs, values);
  const set = (name: string, value: FormValue): void => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors((current) => {
      const rest = { ...current };
      delete rest[name];
      return rest;
    });
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const local = localErrors(specs, values, editing, secretsSet);
    setErrors(local);
    setFormError([]);
    if (Object.keys(local).length > 0) return;
    setSaving(true);
    try {
      await onSubmit(values);
    } catch (err) {
      if (err instanceof ApiError && err.body?.errors?.length) {
        const { byField, other } = err.fieldMessages(shown.map((s) => s.name));
        setErrors(byField);
        setFormError(other.length ? other : Object.keys(byField).length ? [] : [err.message]);
      } else setFormError([errorMessage(err)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        {formError.length > 0 && (
          <Alert color="red" title="Not saved">
            {formError.map((m) => (
              <div key={m}>{m}</div>
            ))}
          </Alert>
        )}
        {shown.map((spec) => (
          <Field
            key={spec.name}
            spec={spec}
            value={values[spec.name] ?? ''}
            error={errors[spec.name]}
            disabled={readOnly || (editing && spec.createOnly === true)}
            isSet={spec.setFlag !== undefined && secretsSet[spec.setFlag] === true}
            onChange={(v) => set(spec.name, v)}
          />
        ))}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            {readOnly ? 'Close' : 'Cancel'}
          </Button>
          {!readOnly && (
            <Button type="submit" loading={saving}>
              {submitLabel ?? (editing ? 'Save' : 'Create')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

interface FieldProps {
  spec: FieldSpec;
  value: FormValue;
  error: string | undefined;
  disabled: boolean;
  isSet: boolean;
  onChange: (value: FormValue) => void;
}

function Field({ spec, value, error, disabled, isSet, onChange }: FieldProps): ReactNode {
  const text = typeof value === 'string' ? value : '';
  const common = {
    label: spec.label,
    description: spec.description,
    placeholder: spec.placeholder,
    error,
    disabled,
    required: spec.required,
  };
  switch (spec.kind) {
    case 'switch':
      return (
        <Switch
          label={spec.label}
          description={spec.description}
          error={error}
          disabled={disabled}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={spec.options ?? []}
          value={text || null}
          allowDeselect={false}
          onChange={(v) => onChange(v ?? '')}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'number':
      // no min/max here: Mantine clamps to them, and a typed 99999 must reach the API and come back as its message
      return (
        <NumberInput
          {...common}
          clampBehavior="none"
          allowDecimal={false}
          value={text}
          onChange={(v) => onChange(String(v))}
        />
      );
    case 'textarea':
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxRows={6}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'json':
      return (
        <Textarea
          {...common}
          autosize
          minRows={3}
          maxRows={10}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'secret':
      return (
        <SecretField spec={spec} value={text} isSet={isSet} error={error} disabled={disabled} onChange={onChange} />
      );
    case 'text':
      return <TextInput {...common} value={text} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}
