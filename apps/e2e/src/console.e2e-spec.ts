import { ApiClient, Caller, waitFor } from '@axiom/testing';
import { filesUnder } from './fixtures';
import { DESKTOP, openConsoleBrowser, pick, type ConsoleBrowser } from './console-browser';
import { ADMIN_KEY, ConsoleStandalone, Delivery, OTHER_PAGES, startConsoleStandalone } from './support/console';

jest.setTimeout(300_000);

/**
 * The console in real headless Chromium against the built standalone: an admin configures a
 * destination, a ruleset and a rule through the forms, a file sent with storescu is found with its
 * trace, a failed delivery is retried from the failures page, and a User sees no edit controls
 * (and the API refuses their writes). Every page is photographed into docs/console/.
 */
describe('admin console in Chromium against the standalone', () => {
  /** The standalone under test, its OIDC stand-in and the User's key. */
  let s: ConsoleStandalone;
  let b: ConsoleBrowser;
  let http: ApiClient;
  let origin: string;
  let outDir: string;
  let userKey: string;
  let backendId = 0;
  const admin: Caller = { apiKey: ADMIN_KEY };

  const failed = (): Promise<Delivery[]> =>
    http.expect<Delivery[]>(200, 'GET', `/deliveries?status=failed&storage_backend_id=${backendId}`, admin);
  const pointBackendAt = (path: string): Promise<unknown> =>
    http.expect(200, 'PATCH', `/config/storage-backends/${backendId}`, admin, { path });
  const go = async (path: string, heading: string | RegExp): Promise<void> => {
    await b.page.goto(`${origin}${path}`);
    await b.page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await b.settled();
  };

  beforeAll(async () => {
    s = await startConsoleStandalone();
    ({ http, origin, outDir, userKey } = s);
    b = await openConsoleBrowser();
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await s?.stop();
  });

  it('signs in with an API key', async () => {
    await b.page.goto(`${origin}/`);
    await b.page.getByLabel('API key').waitFor();
    await b.shot('sign-in');
    await b.page.getByLabel('API key').fill(ADMIN_KEY);
    await b.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await b.shot('dashboard');
  });

  it('creates a filesystem destination, a ruleset and a rule through the forms', async () => {
    const page = b.page;
    await go('/storage-backends', 'Storage backends');
    await page.getByRole('button', { name: 'Add storage backend' }).first().click();
    const form = page.getByRole('dialog');
    await form.getByRole('textbox', { name: /^Name/ }).fill('e2e-archive');
    await pick(form, /^Type/, 'Filesystem (a directory)');
    await form.getByRole('textbox', { name: /^Directory/ }).fill(outDir);
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('cell', { name: 'e2e-archive', exact: true }).waitFor();
    await b.shot('storage-backends');
    backendId =
      (await http.expect<{ id: number; name: string }[]>(200, 'GET', '/config/storage-backends', admin)).find(
        (x) => x.name === 'e2e-archive',
      )?.id ?? 0;
    expect(backendId).toBeGreaterThan(0);

    await go('/rules', 'Rules');
    await page.getByText('No rulesets yet').waitFor();
    await page.getByRole('button', { name: 'New ruleset' }).click();
    await page.getByRole('dialog').getByRole('textbox', { name: /^Name/ }).fill('E2E routing');
    await page.getByRole('dialog').getByRole('button', { name: 'Create ruleset' }).click();
    const ruleset = page.getByRole('region', { name: 'Ruleset E2E routing' });
    await ruleset.getByRole('button', { name: 'Add rule' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByRole('textbox', { name: /^Name/ }).fill('CT to archive');
    await editor.getByRole('button', { name: 'Add criterion' }).first().click();
    // keyword autocomplete from the server's DICOM dictionary
    await editor.getByRole('textbox', { name: 'Tag' }).first().fill('Modal');
    await page.getByRole('option', { name: /^Modality \(0008,0060\)/ }).click();
    await editor.getByRole('textbox', { name: 'Value' }).first().fill('CT');
    await editor.getByRole('button', { name: 'Add “any of” group' }).first().click();
    const anyOf = editor.getByRole('group', { name: 'any of group' });
    await anyOf.getByRole('textbox', { name: 'Tag' }).fill('PatientID');
    await anyOf.getByRole('textbox', { name: 'Value' }).fill('E2E-PAT-7');
    await anyOf.getByRole('button', { name: 'Add criterion' }).click();
    await anyOf.getByRole('textbox', { name: 'Tag' }).nth(1).fill('AccessionNumber');
    await anyOf.getByRole('textbox', { name: 'Value' }).nth(1).fill('ACC-E2E');
    await pick(editor, 'Destinations', 'e2e-archive (filesystem)');
    await editor.getByRole('heading').first().click(); // closes the option list
    await b.shot('rule-editor');
    await editor.getByRole('button', { name: 'Create rule' }).click();
    await ruleset.getByRole('cell', { name: 'CT to archive', exact: true }).waitFor();
    type SavedRule = { name: string; priority: number; match_criteria: unknown[]; destinations: { id: number }[] };
    const rulesNow = async (): Promise<SavedRule[]> =>
      (await http.expect<{ id: number; rules: SavedRule[] }[]>(200, 'GET', '/rules-engine/rulesets', admin))[0]
        ?.rules ?? [];
    const [saved] = await rulesNow();

    // reorder by priority: a later rule moved up runs first
    const rulesetId = (await http.expect<{ id: number }[]>(200, 'GET', '/rules-engine/rulesets', admin))[0]?.id;
    await http.expect(201, 'POST', '/rules-engine/rules', admin, {
      ruleset_id: rulesetId,
      name: 'MR only',
      priority: 200,
      match_criteria: [{ tag: 'Modality', op: 'eq', value: 'MR' }],
      destination_ids: [backendId],
    });
    await go('/rules', 'Rules');
    await ruleset.getByRole('button', { name: 'Move rule MR only up' }).click();
    await waitFor(
      'the new order',
      async () => {
        const order = (await rulesNow()).sort((x, y) => x.priority - y.priority).map((r) => r.name);
        return order.join() === 'MR only,CT to archive';
      },
      10_000,
    );
    await ruleset.getByRole('row').nth(1).getByText('MR only').waitFor();
    await b.shot('rules');
    expect(saved?.match_criteria).toEqual([
      { tag: 'Modality', op: 'eq', value: 'CT' },
      {
        any: [
          { tag: 'PatientID', op: 'eq', value: 'E2E-PAT-7' },
          { tag: 'AccessionNumber', op: 'eq', value: 'ACC-E2E' },
        ],
      },
    ]);
    expect(saved?.destinations.map((d) => d.id)).toEqual([backendId]);
  });

  it('finds a file sent with storescu on the instances page, with its trace', async () => {
    s.send(s.sample());
    await waitFor('the delivery', () => filesUnder(outDir).length === 1, 30_000);
    const page = b.page;
    await go('/instances', 'Instances');
    await page.getByRole('textbox', { name: 'Patient ID' }).fill('E2E-PAT-7');
    await page.getByRole('textbox', { name: 'Patient name contains' }).fill('carla');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table', { name: 'Instances' }).getByRole('row');
    await waitFor('one search result', async () => (await rows.count()) === 2, 10_000);
    await page.getByRole('cell', { name: 'ACC-E2E' }).waitFor();
    await b.shot('instances');
    await rows.nth(1).getByRole('link').click();
    await page.getByText('E2E routing › CT to archive').waitFor();
    await page.getByRole('table', { name: 'Deliveries' }).getByText('delivered', { exact: true }).waitFor();
    await page.getByText('Console^Carla (E2E-PAT-7)').waitFor();
    await b.shot('instance-trace');
  });

  it('shows a failed delivery on the failures page and retries it once the destination is fixed', async () => {
    await pointBackendAt(s.blockedDir);
    s.send(s.sample());
    await waitFor('a dead letter', async () => (await failed()).length === 1, 30_000);
    const page = b.page;
    await go('/failures', 'Failures');
    const group = page.getByRole('region', { name: 'Failures of e2e-archive' });
    await group.getByText('1 failed').waitFor();
    // why it failed, as a class: the folder cannot be made (a file is in the way), and the filter by it
    await group.getByText('Local I/O').waitFor();
    await pick(page, 'Why', 'Timed out');
    await page.getByText('No failed deliveries of this selection.').waitFor();
    await pick(page, 'Why', 'Local I/O');
    await group.getByText('1 failed').waitFor();
    await b.shot('failures');
    // the fix, through the storage backend's edit form
    await go('/storage-backends', 'Storage backends');
    await page
      .getByRole('row', { name: /e2e-archive/ })
      .getByRole('button', { name: 'Edit', exact: true })
      .click();
    await page
      .getByRole('dialog')
      .getByRole('textbox', { name: /^Directory/ })
      .fill(outDir);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await go('/failures', 'Failures');
    await group.getByRole('button', { name: 'Retry all of e2e-archive' }).click();
    await page.getByText('No failed deliveries').waitFor();
    await waitFor('the retried delivery', () => filesUnder(outDir).length === 2, 30_000);
    expect(await failed()).toEqual([]);
  });

  it('tests a dropped DICOM file against the rules: which matched, why, the diff and the destinations', async () => {
    const page = b.page;
    await go('/rules/tester', 'Rule tester');
    await page.locator('input[type=file]').setInputFiles(s.sample());
    const trace = page.getByTestId('rule-trace');
    await trace.getByText('matched', { exact: true }).waitFor();
    await trace.getByText(/Modality "?eq"? "CT" — held: value seen "CT"/).waitFor();
    await page.getByText('e2e-archive', { exact: true }).first().waitFor();
    await b.shot('rule-tester');
  });

  it('photographs the other pages', async () => {
    for (const [path, heading, name] of OTHER_PAGES) {
      await go(path, heading);
      await b.shot(name);
    }
  });

  it('works on a narrow screen: navigation behind a burger, no sideways scrolling of the page', async () => {
    const page = b.page;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await go('/instances?patient_id=E2E-PAT-7', 'Instances');
      await page.getByRole('button', { name: 'Toggle navigation' }).waitFor();
      // the collapsed navigation is moved out of the viewport, to the left
      const nav = await page.getByRole('navigation', { name: 'Main navigation' }).boundingBox();
      expect((nav?.x ?? 0) + (nav?.width ?? 0)).toBeLessThanOrEqual(0);
      expect(
        await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      ).toBeLessThanOrEqual(0);
      await b.shot('instances-narrow');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('a User sees no edit controls, and the API refuses their writes anyway', async () => {
    await pointBackendAt(s.blockedDir);
    s.send(s.sample());
    await waitFor('a dead letter', async () => (await failed()).length === 1, 30_000);
    const page = b.page;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').fill(userKey);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('read-only').waitFor();

    await go('/rules', 'Rules');
    await page
      .getByRole('region', { name: 'Ruleset E2E routing' })
      .getByRole('cell', { name: 'CT to archive', exact: true })
      .waitFor();
    for (const name of ['New ruleset', 'Add rule', 'Edit ruleset', 'Delete ruleset', 'Delete', 'Edit'])
      expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'View', exact: true }).first().click();
    await expect(page.getByRole('dialog').getByRole('textbox', { name: /^Name/ }).isDisabled()).resolves.toBe(true);
    expect(
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /^(Create|Save) rule$|^Add/ })
        .count(),
    ).toBe(0);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    await go('/failures', 'Failures');
    await page.getByRole('region', { name: 'Failures of e2e-archive' }).getByText('1 failed').waitFor();
    expect(await page.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await b.shot('failures-read-only');

    const user: Caller = { apiKey: userKey };
    const [dead] = await failed();
    const refused = async (method: string, path: string, body?: unknown): Promise<number> =>
      (await http.call(method, path, user, body)).status;
    expect(await refused('POST', '/deliveries/retry', { storage_backend_id: backendId })).toBe(403);
    expect(await refused('POST', `/deliveries/${dead?.id ?? 0}/retry`)).toBe(403);
    expect(await refused('POST', '/rules-engine/rulesets', { name: 'sneaky' })).toBe(403);
    expect(await refused('PATCH', `/config/storage-backends/${backendId}`, { path: outDir })).toBe(403);
    expect(await refused('DELETE', '/rules-engine/rulesets/1')).toBe(403);
    expect((await failed()).length).toBe(1);
  });

  it('logged no console error and no uncaught error on any page', () => {
    expect(b.errors).toEqual([]);
  });
});
