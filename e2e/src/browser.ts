import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Locator, Page, chromium } from 'playwright-core';

const env = require('../support/env.cjs') as {
  CHROMIUM: string;
  ROOT: string;
  SKIP_WARNING: string;
  MISSING_MESSAGE: string;
  hasChromium: () => boolean;
  browserSkipAllowed: (e?: NodeJS.ProcessEnv) => boolean;
};

export const CHROMIUM = env.CHROMIUM;
export const SKIP_WARNING = env.SKIP_WARNING;
export const hasChromium = env.hasChromium;
export const MISSING_MESSAGE = env.MISSING_MESSAGE;
export const browserSkipAllowed = env.browserSkipAllowed;
export const PASSWORD = 'demo-password';
const AXE = join(env.ROOT, 'node_modules', 'axe-core', 'axe.min.js');

export function baseUrl(): string {
  const url = process.env['E2E_BASE_URL'];
  if (!url) throw new Error('E2E_BASE_URL not set: the global setup did not start the app');
  return url;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--headless',
    ],
  });
}

/** A fresh session (own storage) in English; bypassCSP lets the axe script be injected. */
export async function newPage(browser: Browser, opts: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 1366, height: 900 },
    locale: opts.locale ?? 'en-GB',
    timezoneId: 'Europe/London',
    bypassCSP: true,
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  watch(page);
  return { context, page };
}

/** What the page saw go wrong (failed API responses, console errors), quoted when a step fails. */
const seen = new WeakMap<Page, string[]>();

function watch(page: Page): void {
  const lines: string[] = [];
  seen.set(page, lines);
  const note = (line: string) => {
    lines.push(line);
    if (lines.length > 30) lines.shift();
  };
  page.on('response', (r) => {
    if (r.status() >= 400) note(`${r.request().method()} ${new URL(r.url()).pathname} → ${r.status()}`);
  });
  page.on('requestfailed', (r) => note(`${r.method()} ${new URL(r.url()).pathname} failed: ${r.failure()?.errorText ?? '?'}`));
  page.on('console', (m) => {
    if (m.type() === 'error') note(`console error: ${m.text()}`);
  });
}

/**
 * Opens a dialog with its button and waits until the dialog has taken focus. Material moves focus to
 * the first field when the open animation ends; a field filled before that can lose its text to the
 * field that takes focus (seen on a loaded CI machine: "Action plan" stayed empty).
 */
export async function openDialog(page: Page, opener: Locator): Promise<Locator> {
  await opener.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await page.waitForFunction(() => !!document.activeElement?.closest('mat-dialog-container'));
  return dialog;
}

/**
 * Submits a dialog with its button and waits for it to close. If it stays open, the error says
 * why: the dialog's own text (field errors, banner), what the page saw fail, and the app log's tail.
 */
export async function submitDialog(page: Page, dialog: Locator, button: string): Promise<void> {
  await dialog.getByRole('button', { name: button }).click();
  try {
    await dialog.waitFor({ state: 'detached' });
  } catch (e) {
    const text = await dialog.innerText().catch(() => '(gone)');
    const invalid = await dialog
      .locator('.ng-invalid[formcontrolname]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('formcontrolname')))
      .catch(() => []);
    throw new Error(
      `The "${button}" dialog did not close: ${(e as Error).message.split('\n')[0]}\n` +
        `--- dialog text ---\n${text}\n--- invalid controls ---\n${invalid.join(', ') || '(none)'}\n` +
        `--- the page saw ---\n${(seen.get(page) ?? []).join('\n') || '(nothing failed)'}\n` +
        `--- app log (tail) ---\n${appLogTail()}`,
    );
  }
}

function appLogTail(): string {
  const file = process.env['E2E_APP_LOG'];
  if (!file || !existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').slice(-4000);
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

/** Opens a Material select by its label and picks an option. */
export async function choose(
  page: Page,
  label: string | RegExp,
  option: string | RegExp,
  scope: Page | ReturnType<Page['locator']> = page,
): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: typeof label === 'string' }).click();
  await page.getByRole('option', { name: option }).first().click();
  await page
    .locator('.cdk-overlay-pane mat-option')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; summary?: string }[];
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, summary: (n as { failureSummary?: string }).failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(list: AxeViolation[]): string {
  return list
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => `${n.target.join(' ')} (${(n.summary ?? '').replace(/\s+/g, ' ').trim()})`).join(', ')}`,
    )
    .join('\n');
}

/** A direct API call with a demo user's token (test set-up and cross-checks). */
export async function apiToken(email: string): Promise<string> {
  const res = await fetch(`${baseUrl()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

export async function api<T>(token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${baseUrl()}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env['E2E_SCREENSHOTS']) await page.screenshot({ path: join(process.env['E2E_SCREENSHOTS'], `${name}.png`), fullPage: true });
}
