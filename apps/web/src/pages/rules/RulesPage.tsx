import { Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useAuth } from '../../auth/AuthProvider';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { notifyFailed, notifySaved } from '../../components/notify';
import { MoveButtons } from './MoveButtons';
import { byPriority, moved } from './ordering';
import { RuleEditor } from './RuleEditor';
import { RuleTable } from './RuleTable';
import { RulesetForm } from './RulesetForm';
import {
  useInputSources,
  useRuleMutations,
  useRulesets,
  useStorageBackends,
  type Rule,
  type Ruleset,
} from './use-rules';

type Editing = { kind: 'ruleset'; ruleset?: Ruleset } | { kind: 'rule'; rulesetId: number; rule?: Rule };
type Deleting = { kind: 'ruleset'; ruleset: Ruleset } | { kind: 'rule'; rule: Rule };

/** Rulesets in evaluation order with their rules; create, edit, reorder and delete (admins). */
export function RulesPage(): ReactNode {
  const { canWrite } = useAuth();
  const rulesets = useRulesets();
  const backends = useStorageBackends();
  const sources = useInputSources();
  const m = useRuleMutations();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Deleting | null>(null);
  const narrow = useMediaQuery('(max-width: 48em)');
  const reorder = (order: Parameters<typeof m.reorder.mutate>[0]): void =>
    m.reorder.mutate(order, { onError: (err) => notifyFailed('Not reordered', err) });

  return (
    <>
      <PageHeader
        title="Rules"
        description="Rulesets run in priority order (lower first); within a ruleset, rules do too."
        actions={canWrite && <Button onClick={() => setEditing({ kind: 'ruleset' })}>New ruleset</Button>}
      />
      <QueryState
        query={rulesets}
        label="rulesets"
        empty={{
          when: (d) => d.length === 0,
          message: canWrite
            ? 'No rulesets yet. Create one, then add rules that say what goes where.'
            : 'No rulesets yet: an admin creates them.',
          action: canWrite && <Button onClick={() => setEditing({ kind: 'ruleset' })}>Create the first ruleset</Button>,
        }}
      >
        {(data) => {
          const ordered = byPriority(data);
          return (
            <Stack>
              {ordered.map((rs, index) => (
                <Card key={rs.id} withBorder padding="md" component="section" aria-label={`Ruleset ${rs.name}`}>
                  <Group justify="space-between" mb="xs" gap="xs">
                    <Group gap="xs">
                      <Title order={2} size="h4">
                        {rs.name}
                      </Title>
                      <Badge variant="light">priority {rs.priority}</Badge>
                      <Badge variant="light" color="grape">
                        {rs.execution_mode === 'FIRST_MATCH' ? 'first match' : 'all matches'}
                      </Badge>
                      {!rs.is_active && (
                        <Badge color="gray" variant="light">
                          inactive
                        </Badge>
                      )}
                    </Group>
                    {canWrite && (
                      <Group gap="xs">
                        <MoveButtons
                          label={`ruleset ${rs.name}`}
                          index={index}
                          count={ordered.length}
                          onMove={(by) => reorder({ rulesets: moved(ordered, index, by) })}
                        />
                        <Button size="xs" onClick={() => setEditing({ kind: 'rule', rulesetId: rs.id })}>
                          Add rule
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setEditing({ kind: 'ruleset', ruleset: rs })}
                        >
                          Edit ruleset
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setDeleting({ kind: 'ruleset', ruleset: rs })}
                        >
                          Delete ruleset
                        </Button>
                      </Group>
                    )}
                  </Group>
                  {rs.description && (
                    <Text size="sm" c="dimmed" mb="xs">
                      {rs.description}
                    </Text>
                  )}
                  <RuleTable
                    ruleset={rs}
                    canWrite={canWrite}
                    onReorder={(rules) => reorder({ rules })}
                    onEdit={(rule) => setEditing({ kind: 'rule', rulesetId: rs.id, rule })}
                    onDelete={(rule) => setDeleting({ kind: 'rule', rule })}
                  />
                </Card>
              ))}
            </Stack>
          );
        }}
      </QueryState>

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        size={editing?.kind === 'rule' ? 'xl' : 'md'}
        fullScreen={narrow === true}
        title={
          editing?.kind === 'ruleset'
            ? editing.ruleset
              ? 'Edit ruleset'
              : 'New ruleset'
            : editing?.rule
              ? `Rule ${editing.rule.name}`
              : 'New rule'
        }
      >
        {editing?.kind === 'ruleset' && (
          <RulesetForm
            ruleset={editing.ruleset}
            onCancel={() => setEditing(null)}
            onSubmit={async (body) => {
              await m.saveRuleset.mutateAsync({ id: editing.ruleset?.id, body });
              notifySaved(`Ruleset "${body.name}" saved`);
              setEditing(null);
            }}
          />
        )}
        {editing?.kind === 'rule' && (
          <RuleEditor
            rulesetId={editing.rulesetId}
            rule={editing.rule}
            sources={sources.data ?? []}
            destinations={backends.data ?? []}
            readOnly={!canWrite}
            onCancel={() => setEditing(null)}
            onSubmit={async (body) => {
              const saved = await m.saveRule.mutateAsync({ id: editing.rule?.id, body });
              notifySaved(`Rule "${body.name}" saved${saved.warnings.length ? ` — ${saved.warnings.join('; ')}` : ''}`);
              setEditing(null);
            }}
          />
        )}
      </Modal>

      <ConfirmDialog
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        confirmLabel="Delete"
        title={deleting?.kind === 'ruleset' ? 'Delete ruleset?' : 'Delete rule?'}
        message={
          deleting?.kind === 'ruleset'
            ? `Ruleset "${deleting.ruleset.name}" and its ${deleting.ruleset.rules.length} rule(s) will be deleted. Instances it would route will no longer be sent.`
            : `Rule "${deleting?.rule.name ?? ''}" will be deleted.`
        }
        onConfirm={async () => {
          try {
            if (deleting?.kind === 'ruleset') await m.deleteRuleset.mutateAsync(deleting.ruleset.id);
            else if (deleting?.kind === 'rule') await m.deleteRule.mutateAsync(deleting.rule.id);
            notifySaved('Deleted');
            setDeleting(null);
          } catch (err) {
            notifyFailed('Not deleted', err);
          }
        }}
      />
    </>
  );
}
