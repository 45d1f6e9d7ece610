import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from '@axiom/testing';

/** Where the suite writes the console's screenshots, shown in the README. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'docs', 'console');
export const DESKTOP = { width: 1280, height: 900 };

export interface ConsoleBrowser {
  page: Page;
  /** Every console error and uncaught page error so far, with the page it happened on. */
  errors: string[];
  /** A full-page screenshot into docs/console/<name>.png, once nothing is loading. */
  shot(name: string): Promise<void>;
  /** Resolves when no loader is shown (queries settled). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, driven by playwright-core (TOOLCHAIN.md "Chromium and Playwright"). */
export async function openConsoleBrowser(): Promise<ConsoleBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: DESKTOP,
    locale: 'en-GB',
    timezoneId: 'UTC',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`${page.url()}: ${msg.text()} ${msg.location().url}`);
  });
  page.on('pageerror', (err) => errors.push(`${page.url()}: uncaught ${err.message}`));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const settled = async (): Promise<void> => {
    // a string: this tsconfig has no DOM types, and the function runs in the page anyway
    await page.waitForFunction("document.querySelectorAll('.mantine-Loader-root').length === 0", undefined, {
      timeout: 20_000,
    });
  };
  return {
    page,
    errors,
    settled,
    async shot(name) {
      await settled();
      // notifications come and go with timing: keep them out of the pictures
      await page.screenshot({
        path: join(SCREENSHOT_DIR, `${name}.png`),
        fullPage: true,
        animations: 'disabled',
        style: '.mantine-Notifications-root { display: none !important; }',
      });
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A Mantine Select / MultiSelect / Autocomplete: open it, then pick the option. */
export async function pick(scope: Page | Locator, label: string | RegExp, option: string | RegExp): Promise<void> {
  await scope.getByRole('textbox', { name: label }).click();
  const page = 'goto' in scope ? scope : scope.page();
  await page.getByRole('option', { name: option }).first().click();
}
