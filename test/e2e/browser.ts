// Shared helper for real-browser tests: launches Debian's chromium through playwright-core and keeps screenshots
// under test-results/screenshots/ as artefacts a person can look at.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve('test-results', 'screenshots');

/** Why browser tests are skipped here, or null when a browser is available. */
export function browserUnavailableReason(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no browser at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (CI does)`;
}

export const hasBrowser = browserUnavailableReason() === null;

export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 860 },
} as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Starts the real app and a browser before the suite's tests and stops both after it; read them inside the tests. */
export function useAppAndBrowser(): { readonly server: TestServer; readonly browser: Browser } {
  const running: { server?: TestServer; browser?: Browser } = {};
  beforeAll(async () => {
    running.server = await startTestServer();
    running.browser = await launchBrowser();
  });
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} has not started (use it inside a test)`);
    return value;
  };
  return {
    get server() {
      return started(running.server, 'app');
    },
    get browser() {
      return started(running.browser, 'browser');
    },
  };
}

export interface OpenPageOptions {
  viewport?: { width: number; height: number };
  /** Touch + mobile metrics, for phone-sized runs. */
  mobile?: boolean;
}

/** A fresh context (own storage) and page; browser console errors and page errors are collected for assertions. */
export async function openPage(browser: Browser, url: string, options: OpenPageOptions = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? viewports.desktop,
    deviceScaleFactor: options.mobile ? 2 : 1,
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { context, page, errors };
}

/** Saves a full-page PNG as test-results/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** The demo agent account (created outside production). */
export const demoAgent = DEMO_USERS.find((u) => u.role === 'agent') ?? DEMO_USERS[0]!;

/** The agent console at 1366 × 900, signed in as the demo agent, with a queued conversation opened from the queue. */
export async function openQueuedConversation(browser: Browser, baseUrl: string, conversationId: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const opened = await openPage(browser, `${baseUrl}/agent/`, { viewport: { width: 1366, height: 900 } });
  const { context, page } = opened;
  try {
    await page.getByLabel('Username').fill(demoAgent.username);
    await page.getByLabel('Password').fill(demoAgent.password);
    await page.locator('#login-submit').click();
    await page.locator(`#queue button[data-id="${conversationId}"]`).click();
    return opened;
  } catch (error) {
    await context.close();
    throw error;
  }
}
