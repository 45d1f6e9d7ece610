import {
  Alert,
  Button,
  Divider,
  Group,
  MultiSelect,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import {
  associationFromApi,
  associationToApi,
  messagesUnder,
  newLeaf,
  nodeFromApi,
  nodeToApi,
  type CriterionLeaf,
  type CriterionNode,
} from './criteria';
import { CriterionRow } from './CriterionRow';
import { MatchCriteriaEditor } from './MatchCriteriaEditor';
import { ModificationsEditor } from './ModificationsEditor';
import { modificationFromApi, modificationToApi, type Modification } from './modifications';
import type { InputSource, Rule, RuleBody, StorageBackend } from './use-rules';

export interface RuleEditorProps {
  rulesetId: number;
  /** The rule being edited; a new rule when absent. */
  rule?: Rule | undefined;
  sources: InputSource[];
  destinations: StorageBackend[];
  readOnly?: boolean;
  /** Throws an ApiError on refusal: its 422 messages are shown at the criterion they name. */
  onSubmit: (body: RuleBody) => Promise<void>;
  onCancel: () => void;
}

interface FormState {
  name: string;
  description: string;
  priority: number;
  isActive: boolean;
  everySource: boolean;
  sources: string[];
  destinationIds: string[];
  match: CriterionNode[];
  association: CriterionLeaf[];
  modifications: Modification[];
}

function initialState(rule: Rule | undefined): FormState {
  return {
    name: rule?.name ?? '',
    description: rule?.description ?? '',
    priority: rule?.priority ?? 100,
    isActive: rule?.is_active ?? true,
    everySource: (rule?.applicable_sources ?? null) === null,
    sources: rule?.applicable_sources ?? [],
    destinationIds: (rule?.destinations ?? []).map((d) => String(d.id)),
    match: (rule?.match_criteria ?? []).map(nodeFromApi),
    association: (rule?.association_criteria ?? []).map(associationFromApi),
    modifications: (rule?.tag_modifications ?? []).map(modificationFromApi),
  };
}

/**
 * The JSON the API takes (POST/PUT /rules-engine/rules), from what the form holds. Criteria and
 * modifications are sent as typed (an operator or tag may be anything): the server checks them
 * and its 422 names the field, which the form shows where it was typed.
 */
function ruleBody(rulesetId: number, s: FormState): RuleBody {
  return {
    ruleset_id: rulesetId,
    name: s.name.trim(),
    description: (s.description.trim() || null) as RuleBody['description'],
    priority: s.priority,
    is_active: s.isActive,
    applicable_sources: s.everySource ? null : s.sources,
    destination_ids: s.destinationIds.map(Number),
    match_criteria: s.match.map(nodeToApi) as RuleBody['match_criteria'],
    association_criteria: s.association.map(associationToApi) as RuleBody['association_criteria'],
    tag_modifications: s.modifications.map(modificationToApi) as RuleBody['tag_modifications'],
  };
}

const TOP_FIELDS = [
  'ruleset_id',
  'name',
  'description',
  'priority',
  'is_active',
  'applicable_sources',
  'destination_ids',
  'match_criteria',
  'association_criteria',
  'tag_modifications',
];

/** Create or edit one rule: its criteria (nested any/all/not), sources, modifications and destinations. */
export function RuleEditor({
  rulesetId,
  rule,
  sources,
  destinations,
  readOnly = false,
  onSubmit,
  onCancel,
}: RuleEditorProps): ReactNode {
  const [state, setState] = useState<FormState>(() => initialState(rule));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const set = (patch: Partial<FormState>): void => setState((s) => ({ ...s, ...patch }));
  const field = (path: string): string | undefined => messagesUnder(errors, path).join('; ') || undefined;
  // names the rule already holds stay choosable even if no such source exists (any more)
  const sourceNames = [...new Set([...sources.map((s) => s.name), ...state.sources])];

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (state.name.trim() === '') {
      setErrors({ name: 'a rule needs a name' });
      return;
    }
    setSaving(true);
    setErrors({});
    setFormError([]);
    try {
      await onSubmit(ruleBody(rulesetId, state));
    } catch (err) {
      if (err instanceof ApiError && err.body?.errors?.length) {
        const byPath: Record<string, string> = {};
        const other: string[] = [];
        for (const e of err.body.errors) {
          if (TOP_FIELDS.includes(e.path.split(/[.[]/)[0] ?? ''))
            byPath[e.path] = byPath[e.path] ? `${byPath[e.path]}; ${e.message}` : e.message;
          else other.push(`${e.path}: ${e.message}`);
        }
        setErrors(byPath);
        setFormError(
          other.length > 0 ? other : [`Not saved: ${err.body.errors.length} field(s) need attention (marked below).`],
        );
      } else setFormError([errorMessage(err)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={rule ? `Edit rule ${rule.name}` : 'New rule'}>
      <Stack gap="sm">
        {formError.length > 0 && (
          <Alert color="red" title="Not saved">
            {formError.map((m) => (
              <div key={m}>{m}</div>
            ))}
          </Alert>
        )}
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Name"
            required
            value={state.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={field('name')}
            disabled={readOnly}
            data-autofocus
          />
          <NumberInput
            label="Priority"
            description="lower runs first"
            value={state.priority}
            onChange={(v) => set({ priority: typeof v === 'number' ? v : Number(v) || 0 })}
            error={field('priority')}
            disabled={readOnly}
            allowDecimal={false}
            maw={180}
          />
        </Group>
        <Textarea
          label="Description"
          autosize
          minRows={1}
          value={state.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={field('description')}
          disabled={readOnly}
        />
        <Switch
          label="Active"
          checked={state.isActive}
          onChange={(e) => set({ isActive: e.currentTarget.checked })}
          disabled={readOnly}
        />

        <Divider label="Where from" labelPosition="left" />
        <Switch
          label="Every source"
          checked={state.everySource}
          onChange={(e) => set({ everySource: e.currentTarget.checked })}
          disabled={readOnly}
        />
        {!state.everySource && (
          <MultiSelect
            label="Applicable sources"
            placeholder="Pick the sources this rule applies to"
            data={sourceNames}
            value={state.sources}
            onChange={(v) => set({ sources: v })}
            error={field('applicable_sources')}
            disabled={readOnly}
            searchable
            clearable
          />
        )}
        <Title order={3} size="h6">
          Association criteria (all must hold)
        </Title>
        {state.association.length === 0 && (
          <Text size="sm" c="dimmed">
            None: any calling AE, called AE and address.
          </Text>
        )}
        {state.association.map((leaf, index) => (
          <CriterionRow
            key={leaf.key}
            leaf={leaf}
            path={`association_criteria[${index}]`}
            subjectKind="parameter"
            errors={errors}
            disabled={readOnly}
            onChange={(l) => set({ association: state.association.map((x, i) => (i === index ? l : x)) })}
            onRemove={() => set({ association: state.association.filter((_x, i) => i !== index) })}
          />
        ))}
        {!readOnly && (
          <Group>
            <Button
              size="xs"
              variant="light"
              onClick={() => set({ association: [...state.association, newLeaf('CALLING_AE_TITLE')] })}
            >
              Add association criterion
            </Button>
          </Group>
        )}

        <Divider label="What matches (all of)" labelPosition="left" />
        <MatchCriteriaEditor
          nodes={state.match}
          errors={errors}
          disabled={readOnly}
          onChange={(match) => set({ match })}
        />

        <Divider label="What changes" labelPosition="left" />
        <ModificationsEditor
          items={state.modifications}
          errors={errors}
          disabled={readOnly}
          onChange={(modifications) => set({ modifications })}
        />

        <Divider label="Where to" labelPosition="left" />
        <MultiSelect
          label="Destinations"
          placeholder={destinations.length ? 'Pick storage backends' : 'No storage backends yet: create one first'}
          data={destinations.map((d) => ({ value: String(d.id), label: `${d.name} (${d.backend_type})` }))}
          value={state.destinationIds}
          onChange={(v) => set({ destinationIds: v })}
          error={field('destination_ids')}
          disabled={readOnly}
          searchable
        />

        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {readOnly ? 'Close' : 'Cancel'}
          </Button>
          {!readOnly && (
            <Button type="submit" loading={saving}>
              {rule ? 'Save rule' : 'Create rule'}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
