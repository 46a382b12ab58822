// The reports dashboard in a real browser against the real app: real web chat turns first (understood, not
// understood, a request for a person), then a manager signs in, the charts render, a filter applies, an intent drills
// down to its messages, a CSV link downloads, and the labelling dialog opens. Screenshots at 1366 and 768 widths in
// test-results/screenshots/reports-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';
import { browserUnavailableReason, launchBrowser, openPage, screenshot } from './browser.js';

const skipReason = browserUnavailableReason();
if (skipReason) console.warn(`[e2e/reports-dashboard] skipped — ${skipReason}`);
const manager = DEMO_USERS.find((u) => u.role === 'manager')!;
const pageBroken = (errors: string[]) => errors.filter((e) => e.startsWith('pageerror') || /Content Security Policy|Refused to/i.test(e));

const MESSAGES = ['where is my order?', 'tell me a joke', 'tell me a joke please', 'what is the capital of France', 'hello', 'I want to return an item', 'I want to speak to a person'];

async function signIn(page: Page): Promise<void> {
  await page.locator('#login-username').fill(manager.username);
  await page.locator('#login-password').fill(manager.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 20_000 });
}

describe.skipIf(skipReason !== null)('reports dashboard (real browser)', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    for (const text of MESSAGES) {
      const res = await call(server.url, '/api/web/messages', { body: { text } });
      expect(res.status).toBe(200);
    }
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a manager sees tiles and charts, filters, drills down, downloads CSV, opens the label dialog (1366 px)', async () => {
    const { context, page, errors } = await openPage(browser, `${server.url}/reports/`, { viewport: { width: 1366, height: 900 } });
    await signIn(page);
    expect(await page.locator('.tile-value').first().textContent()).toBe(String(MESSAGES.length));
    for (const id of ['chart-intents', 'chart-fallbacks', 'chart-confidence', 'chart-handoffs', 'chart-churn']) {
      const drawn = await page.evaluate((canvasId) => (window as unknown as { Chart: { getChart(id: string): unknown } }).Chart.getChart(canvasId) !== undefined, id);
      expect(drawn, id).toBe(true);
    }
    expect(await page.locator('#clusters td').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/joke/i)]));
    await screenshot(page, 'reports-1366');

    await page.locator('#f-channel').selectOption('teams');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction(() => document.querySelector('.tile-value')?.textContent === '0');

    await page.locator('#f-channel').selectOption('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForFunction((n) => document.querySelector('.tile-value')?.textContent === n, String(MESSAGES.length));
    await page.locator('#table-intents').getByRole('button', { name: 'Utterances' }).first().click();
    await page.locator('#drill').waitFor({ state: 'visible' });
    expect(await page.locator('#drill-body tbody tr').count()).toBeGreaterThan(0);

    const href = await page.locator('#table-intents .csv-link').getAttribute('href');
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    expect(csv.split('\r\n')[0]).toBe('intent,total,previousTotal,trend');

    await page.locator('#clusters').getByRole('button', { name: 'Label…' }).first().click();
    await page.locator('#label-dialog').waitFor({ state: 'visible' });
    expect(await page.locator('#label-text').textContent()).toMatch(/\S/);
    await screenshot(page, 'reports-label-dialog');
    await page.locator('#label-cancel').click();
    expect(pageBroken(errors)).toEqual([]);
    await context.close();
  }, 60_000);

  it('stays readable at tablet width (768 px): one column, nothing wider than the screen', async () => {
    const { context, page, errors } = await openPage(browser, `${server.url}/reports/`, { viewport: { width: 768, height: 1024 } });
    await signIn(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'reports-768');
    expect(pageBroken(errors)).toEqual([]);
    await context.close();
  }, 60_000);
});
