import {
  Alert,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { Ruleset, RulesetBody } from './use-rules';

export interface RulesetFormProps {
  ruleset?: Ruleset | undefined;
  onSubmit: (body: RulesetBody) => Promise<void>;
  onCancel: () => void;
}

/** Name, priority, active and execution mode of a ruleset. */
export function RulesetForm({ ruleset, onSubmit, onCancel }: RulesetFormProps): ReactNode {
  const [name, setName] = useState(ruleset?.name ?? '');
  const [description, setDescription] = useState(ruleset?.description ?? '');
  const [priority, setPriority] = useState(ruleset?.priority ?? 0);
  const [isActive, setActive] = useState(ruleset?.is_active ?? true);
  const [mode, setMode] = useState<RulesetBody['execution_mode']>(ruleset?.execution_mode ?? 'FIRST_MATCH');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (name.trim() === '') {
      setErrors({ name: 'a ruleset needs a name' });
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      await onSubmit({
        name: name.trim(),
        description: (description.trim() || null) as RulesetBody['description'],
        priority,
        is_active: isActive,
        execution_mode: mode,
      });
    } catch (err) {
      if (err instanceof ApiError && err.body?.errors?.length) {
        const { byField, other } = err.fieldMessages(['name', 'description', 'priority', 'execution_mode']);
        setErrors(byField);
        setFormError(other.length ? other.join('; ') : null);
      } else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={ruleset ? `Edit ruleset ${ruleset.name}` : 'New ruleset'}
    >
      <Stack gap="sm">
        {formError && (
          <Alert color="red" title="Not saved">
            {formError}
          </Alert>
        )}
        <TextInput
          label="Name"
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors['name']}
          data-autofocus
        />
        <Textarea
          label="Description"
          autosize
          minRows={1}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={errors['description']}
        />
        <NumberInput
          label="Priority"
          description="rulesets run in priority order, lower first"
          value={priority}
          allowDecimal={false}
          onChange={(v) => setPriority(typeof v === 'number' ? v : Number(v) || 0)}
          error={errors['priority']}
        />
        <div>
          <Text size="sm" fw={500}>
            Execution mode
          </Text>
          <SegmentedControl
            value={mode}
            onChange={(v) => setMode(v as RulesetBody['execution_mode'])}
            aria-label="Execution mode"
            data={[
              { value: 'FIRST_MATCH', label: 'First match wins' },
              { value: 'ALL_MATCHES', label: 'Every match applies' },
            ]}
          />
        </div>
        <Switch label="Active" checked={isActive} onChange={(e) => setActive(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            {ruleset ? 'Save ruleset' : 'Create ruleset'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
