import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderPage, userDto, type Handler } from '../../test/render';
import { RulesPage } from './RulesPage';
import type { Rule, Ruleset } from './use-rules';

const STAMPS = { created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };
const rule = (id: number, name: string, priority: number): Rule => ({
  id,
  ruleset_id: 1,
  name,
  description: null,
  is_active: true,
  priority,
  match_criteria: [],
  association_criteria: [],
  tag_modifications: [],
  applicable_sources: null,
  destinations: [],
  ...STAMPS,
});
const RULESETS: Ruleset[] = [
  {
    id: 2,
    name: 'Later',
    description: null,
    is_active: true,
    priority: 50,
    execution_mode: 'ALL_MATCHES',
    rules: [],
    ...STAMPS,
  },
  {
    id: 1,
    name: 'Main',
    description: null,
    is_active: true,
    priority: 0,
    execution_mode: 'FIRST_MATCH',
    rules: [rule(11, 'second', 20), rule(10, 'first', 10)],
    ...STAMPS,
  },
];

function renderRules(roles: ('Admin' | 'User')[]) {
  const ok =
    (body: unknown): Handler =>
    () => ({ status: 200, body });
  return renderPage(<RulesPage />, {
    handlers: {
      'GET /api/v1/users/me': ok(userDto(roles)),
      'GET /api/v1/rules-engine/rulesets': ok(RULESETS),
      'GET /api/v1/config/storage-backends': ok([]),
      'GET /api/v1/system/input-sources': ok([]),
      'PATCH /api/v1/rules-engine/rules/10': ok(rule(10, 'first', 20)),
      'PATCH /api/v1/rules-engine/rules/11': ok(rule(11, 'second', 10)),
      'DELETE /api/v1/rules-engine/rulesets/2': () => ({ status: 204 }),
    },
  });
}

describe('rules page', () => {
  it('lists rulesets and their rules in priority order', async () => {
    renderRules(['Admin']);
    const sections = await screen.findAllByRole('region', { name: /^Ruleset / });
    expect(await within(sections[0] as HTMLElement).findAllByRole('button', { name: 'Edit' })).toHaveLength(2);
    expect(sections.map((s) => s.getAttribute('aria-label'))).toEqual(['Ruleset Main', 'Ruleset Later']);
    const rows = within(sections[0] as HTMLElement)
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]?.textContent)).toEqual(['first', 'second']);
    expect(within(sections[1] as HTMLElement).getByText(/No rules yet/)).toBeInTheDocument();
  });

  it("reorders by rewriting priorities, keeping each rule's other fields", async () => {
    const { calls } = renderRules(['Admin']);
    await userEvent.click(await screen.findByRole('button', { name: 'Move rule second up' }));
    await waitFor(() => expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(2));
    expect(calls.filter((c) => c.method === 'PATCH').map((c) => [c.path, c.body])).toEqual([
      ['/api/v1/rules-engine/rules/11', { priority: 10, is_active: true }],
      ['/api/v1/rules-engine/rules/10', { priority: 20, is_active: true }],
    ]);
  });

  it('asks before deleting a ruleset, and deletes only when confirmed', async () => {
    const { calls } = renderRules(['Admin']);
    const later = await screen.findByRole('region', { name: 'Ruleset Later' });
    await userEvent.click(within(later).getByRole('button', { name: 'Delete ruleset' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/Ruleset "Later" and its 0 rule\(s\) will be deleted/)).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await userEvent.click(within(later).getByRole('button', { name: 'Delete ruleset' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'DELETE' && c.path === '/api/v1/rules-engine/rulesets/2')).toBe(true),
    );
  });

  it('shows a User no edit controls, only a view of each rule', async () => {
    const { calls } = renderRules(['User']);
    await screen.findAllByRole('region', { name: /^Ruleset / });
    // before /users/me answers nobody may write either: wait for the answer so that the role decides
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/users/me')).toBe(true));
    await new Promise((r) => setTimeout(r, 100));
    await waitFor(() => expect(screen.getAllByRole('button', { name: 'View' })).toHaveLength(2));
    for (const name of [/New ruleset/, /Add rule/, /Edit/, /Delete/, /Move/])
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
  });
});
