import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { renderPage, userDto, type Handler } from '../../test/render';
import { RuleEditor } from './RuleEditor';
import type { InputSource, Rule, RuleBody, StorageBackend } from './use-rules';

const SOURCES: InputSource[] = [
  { name: 'ct-listener', source_type: 'dimse_listener', id: 1, is_enabled: true },
  { name: 'stow_rs', source_type: 'stow_rs', id: null, is_enabled: true },
];
const DESTINATIONS = [
  {
    id: 3,
    name: 'research-pacs',
    backend_type: 'cstore',
    description: null,
    is_enabled: true,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
  },
] as StorageBackend[];

const DICTIONARY: Handler = () => ({
  status: 200,
  body: [
    { keyword: 'PatientID', tag: '(0010,0020)', vr: 'LO' },
    { keyword: 'PatientName', tag: '(0010,0010)', vr: 'PN' },
  ],
});

function renderEditor(props: { rule?: Rule; readOnly?: boolean; onSubmit?: (body: RuleBody) => Promise<void> } = {}) {
  const onSubmit = vi.fn(props.onSubmit ?? (async () => undefined));
  const page = renderPage(
    <RuleEditor
      rulesetId={1}
      rule={props.rule}
      sources={SOURCES}
      destinations={DESTINATIONS}
      readOnly={props.readOnly ?? false}
      onSubmit={onSubmit}
      onCancel={() => undefined}
    />,
    {
      handlers: {
        'GET /api/v1/users/me': () => ({ status: 200, body: userDto(['Admin']) }),
        'GET /api/v1/rules-engine/dictionary': DICTIONARY,
      },
    },
  );
  return { onSubmit, calls: page.calls };
}

const rows = (): HTMLElement[] => screen.getAllByTestId('criterion-row');

/** One paste instead of a keystroke per character: Mantine re-renders on each, which is slow in jsdom. */
async function fill(input: HTMLElement, text: string): Promise<void> {
  await userEvent.click(input);
  await userEvent.paste(text);
}

async function choose(container: HTMLElement, name: string, option: string): Promise<void> {
  await userEvent.click(within(container).getByRole('textbox', { name }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

async function fillLeaf(row: HTMLElement, tag: string, op: string, value?: string): Promise<void> {
  await fill(within(row).getByRole('textbox', { name: 'Tag' }), tag);
  if (op !== 'eq') await choose(row, 'Operator', op);
  if (value !== undefined) await fill(within(row).getByRole('textbox', { name: 'Value' }), value);
}

const EXISTING: Rule = {
  id: 9,
  ruleset_id: 1,
  name: 'CT from the ED',
  description: 'anonymised',
  is_active: false,
  priority: 10,
  applicable_sources: ['ct-listener', 'gone-source'],
  match_criteria: [
    { tag: 'Modality', op: 'eq', value: 'CT' },
    {
      any: [
        { tag: 'StudyDescription', op: 'contains', value: 'chest', case_insensitive: true },
        { tag: 'BodyPartExamined', op: 'in', value: ['CHEST', 'THORAX'] },
      ],
    },
    { not: { tag: 'ImageType', op: 'eq', value: 'LOCALIZER' } },
    { all: [{ tag: 'PatientID', op: 'exists' }, { not: { any: [{ tag: 'StudyDate', op: 'lt', value: '2024' }] } }] },
  ],
  association_criteria: [
    { parameter: 'SOURCE_IP', op: 'ip_in_subnet', value: ['10.20.0.0/16', '10.30.0.0/16'] },
    { parameter: 'CALLING_AE_TITLE', op: 'in', value: ['CT_ED_1'] },
  ],
  tag_modifications: [
    { action: 'deidentify', retain_longitudinal_modified_dates: true },
    { action: 'set', tag: '(0009,"AXIOM",10)', value: 'routed', vr: 'LO' },
    { action: 'copy', source_tag: 'PatientID', destination_tag: 'OtherPatientIDs' },
    { action: 'shift_date', tag: 'StudyDate', max_days: 30 },
  ],
  destinations: DESTINATIONS,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
} as unknown as Rule;

describe('rule editor', () => {
  it("builds nested any/all/not match criteria, association criteria, sources, modifications and destinations as the API's JSON", async () => {
    const { onSubmit } = renderEditor();
    await fill(screen.getByRole('textbox', { name: /^Name/ }), 'CT chest');
    await userEvent.click(screen.getByRole('button', { name: 'Add criterion' }));
    await fillLeaf(rows()[0] as HTMLElement, 'Modality', 'eq', 'CT');
    await userEvent.click(screen.getByRole('button', { name: 'Add “any of” group' }));
    const anyGroup = screen.getByRole('group', { name: 'any of group' });
    await fillLeaf(within(anyGroup).getByTestId('criterion-row'), 'StudyDescription', 'contains', 'chest');
    await userEvent.click(
      within(within(anyGroup).getByTestId('criterion-row')).getByRole('checkbox', { name: 'ignore case' }),
    );
    await userEvent.click(within(anyGroup).getByRole('button', { name: 'Add criterion' }));
    await fillLeaf(
      within(anyGroup).getAllByTestId('criterion-row')[1] as HTMLElement,
      'BodyPartExamined',
      'in',
      'CHEST, THORAX',
    );
    await userEvent.click(screen.getAllByRole('button', { name: 'Add “none of” group' }).at(-1) as HTMLElement);
    const notGroup = screen.getByRole('group', { name: 'none of group' });
    await fillLeaf(within(notGroup).getByTestId('criterion-row'), 'ImageType', 'eq', 'LOCALIZER');

    await userEvent.click(screen.getByRole('button', { name: 'Add association criterion' }));
    await fill(within(rows()[0] as HTMLElement).getByRole('textbox', { name: 'Value' }), 'CT_ED_1');
    await userEvent.click(screen.getByRole('switch', { name: 'Every source' }));
    await choose(document.body, 'Applicable sources', 'ct-listener');
    await userEvent.click(screen.getByRole('button', { name: 'Add modification' }));
    const mod = screen.getByTestId('modification-row');
    await fill(within(mod).getByRole('textbox', { name: 'Tag' }), 'InstitutionName');
    await fill(within(mod).getByRole('textbox', { name: 'Value' }), 'Research PACS');
    await choose(document.body, 'Destinations', 'research-pacs (cstore)');
    await userEvent.click(screen.getByRole('button', { name: 'Create rule' }));

    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith({
      ruleset_id: 1,
      name: 'CT chest',
      description: null,
      priority: 100,
      is_active: true,
      applicable_sources: ['ct-listener'],
      destination_ids: [3],
      match_criteria: [
        { tag: 'Modality', op: 'eq', value: 'CT' },
        {
          any: [
            { tag: 'StudyDescription', op: 'contains', value: 'chest', case_insensitive: true },
            { tag: 'BodyPartExamined', op: 'in', value: ['CHEST', 'THORAX'] },
          ],
        },
        { not: { tag: 'ImageType', op: 'eq', value: 'LOCALIZER' } },
      ],
      association_criteria: [{ parameter: 'CALLING_AE_TITLE', op: 'eq', value: 'CT_ED_1' }],
      tag_modifications: [{ action: 'set', tag: 'InstitutionName', value: 'Research PACS' }],
    });
  }, 40_000);

  it('loads a saved rule and sends it back unchanged (nested groups, lists, private tags, unknown sources kept)', async () => {
    const { onSubmit } = renderEditor({ rule: EXISTING });
    expect(screen.getAllByRole('group', { name: 'any of group' })).toHaveLength(2);
    expect(screen.getAllByRole('group', { name: 'none of group' })).toHaveLength(2);
    await userEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const body = onSubmit.mock.calls[0]?.[0];
    expect(body).toEqual({
      ruleset_id: 1,
      name: EXISTING.name,
      description: 'anonymised',
      priority: 10,
      is_active: false,
      applicable_sources: ['ct-listener', 'gone-source'],
      destination_ids: [3],
      match_criteria: EXISTING.match_criteria,
      association_criteria: EXISTING.association_criteria,
      tag_modifications: EXISTING.tag_modifications,
    });
  });

  it("shows the server's 422 at the criterion and the modification it names, and keeps what was typed", async () => {
    const refusal = new ApiError(422, {
      detail: 'validation failed',
      code: 'validation_failed',
      errors: [
        { path: 'match_criteria[1].any[1].value', message: 'a list is expected for in' },
        { path: 'tag_modifications[1].tag', message: 'unknown keyword "Nope"' },
      ],
    });
    renderEditor({
      rule: EXISTING,
      onSubmit: async () => {
        throw refusal;
      },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    const anyGroup = screen.getAllByRole('group', { name: 'any of group' })[0] as HTMLElement;
    const second = within(anyGroup).getAllByTestId('criterion-row')[1] as HTMLElement;
    expect(await within(second).findByText('a list is expected for in')).toBeInTheDocument();
    expect(
      within(within(anyGroup).getAllByTestId('criterion-row')[0] as HTMLElement).queryByText(
        'a list is expected for in',
      ),
    ).not.toBeInTheDocument();
    expect(
      within(screen.getAllByTestId('modification-row')[1] as HTMLElement).getByText('unknown keyword "Nope"'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Not saved: 2 field\(s\) need attention/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^Name/ })).toHaveValue('CT from the ED');
  });

  it('offers DICOM dictionary keywords with tag and VR as a tag is typed', async () => {
    const { calls } = renderEditor();
    await userEvent.click(screen.getByRole('button', { name: 'Add criterion' }));
    const tag = within(rows()[0] as HTMLElement).getByRole('textbox', { name: 'Tag' });
    await userEvent.type(tag, 'Pat');
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/rules-engine/dictionary')).toBe(true));
    const option = await screen.findByRole('option', { name: /PatientName/ }, { timeout: 3000 });
    expect(option).toHaveTextContent('(0010,0010) PN');
    expect(calls.some((c) => c.path === '/api/v1/rules-engine/dictionary')).toBe(true);
    await userEvent.click(option);
    expect(tag).toHaveValue('PatientName');
  });

  it('asks no value for exists, and removes a criterion', async () => {
    const { onSubmit } = renderEditor();
    await fill(screen.getByRole('textbox', { name: /^Name/ }), 'has patient');
    await userEvent.click(screen.getByRole('button', { name: 'Add criterion' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add criterion' }));
    await fillLeaf(rows()[0] as HTMLElement, 'PatientID', 'exists');
    expect(within(rows()[0] as HTMLElement).queryByRole('textbox', { name: 'Value' })).not.toBeInTheDocument();
    await userEvent.click(within(rows()[1] as HTMLElement).getByRole('button', { name: /Remove criterion/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]?.[0].match_criteria).toEqual([{ tag: 'PatientID', op: 'exists' }]);
  });

  it('refuses to send a rule without a name', async () => {
    const { onSubmit } = renderEditor();
    await userEvent.click(screen.getByRole('button', { name: 'Create rule' }));
    expect(await screen.findByText('a rule needs a name')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('read-only (a User): every input disabled, no add, remove or save controls', () => {
    renderEditor({ rule: EXISTING, readOnly: true });
    expect(screen.queryByRole('button', { name: /^Add/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save rule' })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^Name/ })).toBeDisabled();
    for (const row of rows()) expect(within(row).getByRole('textbox', { name: 'Operator' })).toBeDisabled();
  });
});
