// The customer web chat in a real browser against the real app: sign in, ask about an order, get a personal answer,
// use a quick reply, survive a reload and a dropped connection. Screenshots land in test-results/screenshots/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerExamples } from '../../src/crm/demo-seed.js';
import { newId } from '../../src/store/ids.js';
import type { Customer } from '../../src/store/ports.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { browserUnavailableReason, launchBrowser, openPage, screenshot, viewports } from './browser.js';

const skipReason = browserUnavailableReason();
if (skipReason) console.warn(`[e2e/webchat] skipped — ${skipReason}`);

/** Errors that mean the page itself is broken (script errors, blocked by the content policy). */
const pageBroken = (errors: string[]) => errors.filter((e) => e.startsWith('pageerror') || /Content Security Policy|Refused to/i.test(e));

const countOf = (page: Page, selector: string) => page.locator(selector).count();

/** Waits until more elements match than before: DOM-driven, no sleeping. */
async function waitForMore(page: Page, selector: string, before: number): Promise<void> {
  await page.waitForFunction(([s, n]) => document.querySelectorAll(s as string).length > (n as number), [selector, before] as const);
}

async function signIn(page: Page, ref: string, shot?: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  const field = page.getByLabel('Your customer id or e-mail');
  await field.waitFor();
  await field.fill(ref);
  if (shot) await screenshot(page, shot);
  await page.locator('#signin-submit').click();
  await page.locator('#signin-panel').waitFor({ state: 'hidden' });
}

async function sendText(page: Page, text: string): Promise<void> {
  const bots = await countOf(page, '.message.bot');
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await waitForMore(page, '.message.bot', bots);
  await page.locator('#typing').waitFor({ state: 'hidden' });
}

describe.skipIf(skipReason !== null)('web chat page (real browser, real app)', () => {
  let server: TestServer;
  let browser: Browser;
  let customer: Customer;
  let orderIds: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    // The demo customers the app suggests trying: each has an order still on its way.
    const [example] = await demoCustomerExamples(server.store, 1);
    const found = example ? await server.store.customers.get(example.id) : null;
    if (found) {
      customer = found;
      orderIds = (await server.store.orders.listByCustomer(found.id, 20)).map((o) => o.id);
    }
    if (!customer) throw new Error('the demo store has no customer with an order; was demo data seeded?');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets a signed-in customer ask about an order on a phone and answers personally', async () => {
    const { context, page, errors } = await openPage(browser, server.url, { viewport: viewports.phone, mobile: true });
    try {
      await expect(page.getByRole('heading', { name: 'Concierge' }).isVisible()).resolves.toBe(true);
      await expect(page.locator('#send').isDisabled()).resolves.toBe(true);
      await screenshot(page, 'webchat-phone-welcome');

      await signIn(page, customer.id, 'webchat-phone-signin');
      await expect(page.locator('#identity-label').textContent()).resolves.toBe(customer.id);
      await expect(page.locator('.message.system').last().textContent()).resolves.toContain(`Signed in as ${customer.id}`);

      await page.getByLabel('Message', { exact: true }).fill('where is my order?');
      await expect(page.locator('#send').isEnabled()).resolves.toBe(true);
      await page.getByLabel('Message', { exact: true }).press('Enter');
      await page.locator('.message.customer').first().waitFor();
      await page.locator('.message.bot').first().waitFor();
      await page.locator('#typing').waitFor({ state: 'hidden' });

      const reply = (await page.locator('.message.bot').allInnerTexts()).join('\n');
      const firstName = customer.name.split(' ')[0] ?? customer.name;
      const personal = reply.includes(firstName) || orderIds.some((id) => reply.includes(id));
      expect(personal, `reply should name ${firstName} or one of ${orderIds.join(', ')}; got: ${reply}`).toBe(true);
      await expect(page.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe('');
      await expect(page.locator('#send').isDisabled()).resolves.toBe(true);
      await screenshot(page, 'webchat-phone-reply');

      // Quick replies send their value as the customer's next message.
      const chips = page.locator('.quick-replies .chip');
      if ((await chips.count()) > 0) {
        const value = await chips.first().getAttribute('data-value');
        const customers = await countOf(page, '.message.customer');
        const bots = await countOf(page, '.message.bot');
        await chips.first().click();
        await waitForMore(page, '.message.customer', customers);
        await expect(page.locator('.message.customer').last().innerText()).resolves.toContain(value ?? '');
        await waitForMore(page, '.message.bot', bots);
        await page.locator('#typing').waitFor({ state: 'hidden' });
        await screenshot(page, 'webchat-phone-quick-reply');
      }

      // A poll after the replies were shown must not repeat them (the page dedupes by cursor and id).
      const shown = await countOf(page, '.message:not(.system)');
      const syncs = Number((await page.locator('#messages').getAttribute('data-syncs')) ?? 0);
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      await page.waitForFunction((n) => Number(document.getElementById('messages')?.dataset.syncs ?? 0) > n, syncs);
      await expect(countOf(page, '.message:not(.system)')).resolves.toBe(shown);

      // An agent's message written to the conversation arrives by polling, labelled with the agent's name.
      const conversationId = await page.evaluate(() => JSON.parse(sessionStorage.getItem('concierge.webchat.v1') ?? '{}').conversationId as string);
      await server.store.interactions.append({
        id: newId(),
        conversationId,
        channel: 'webchat',
        sender: 'agent',
        agent: 'Sam Patel',
        text: 'Hi, Sam from the support team here. I can see your order.',
        at: new Date().toISOString(),
      });
      await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
      await page.locator('.message.agent').waitFor();
      await expect(page.locator('.message.agent .sender-label').innerText()).resolves.toContain('Sam Patel');
      await expect(page.locator('#status-text').innerText()).resolves.toBe('Chatting with Sam Patel');
      await screenshot(page, 'webchat-phone-agent');
      const withAgent = shown + 1;

      // A reload keeps the conversation and who is signed in.
      await page.reload();
      await page.waitForFunction((n) => document.querySelectorAll('.message:not(.system)').length >= n, withAgent);
      await expect(countOf(page, '.message:not(.system)')).resolves.toBe(withAgent);
      await expect(page.locator('#identity-label').textContent()).resolves.toBe(customer.id);
      expect(pageBroken(errors)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works at desktop width and keeps unsent text with a retry when the network drops', async () => {
    const { context, page, errors } = await openPage(browser, server.url, { viewport: viewports.desktop });
    try {
      const width = await page.locator('.chat').evaluate((node) => node.getBoundingClientRect().width);
      expect(width).toBeLessThanOrEqual(480);

      await signIn(page, customer.email ?? customer.id);
      await sendText(page, 'where is my order?');

      // The connection drops: the message is not lost, the notice offers a retry.
      await page.route('**/api/web/messages', (route) => route.abort('internetdisconnected'));
      await page.getByLabel('Message', { exact: true }).fill('thanks a lot');
      await page.locator('#send').click();
      await page.locator('#notice').waitFor();
      await expect(page.locator('#notice-text').innerText()).resolves.toMatch(/wasn’t sent/);
      await expect(page.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe('thanks a lot');
      await screenshot(page, 'webchat-desktop-offline');

      await page.unroute('**/api/web/messages');
      const bots = await countOf(page, '.message.bot');
      await page.getByRole('button', { name: 'Retry' }).click();
      await waitForMore(page, '.message.bot', bots);
      await page.locator('#typing').waitFor({ state: 'hidden' });
      await expect(page.locator('#notice').isHidden()).resolves.toBe(true);
      await expect(page.locator('.message.customer').last().innerText()).resolves.toContain('thanks a lot');
      await screenshot(page, 'webchat-desktop');

      // A server-side refusal (4xx with a JSON error body) is shown too, and the text stays. The real app has no
      // cheap way to refuse a well-formed message, so this one response is injected; everything else hits the app.
      await page.route('**/api/web/messages', (route) =>
        route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'Too many messages, slow down a little.' } }) }),
      );
      await page.getByLabel('Message', { exact: true }).fill('one more thing');
      await page.getByLabel('Message', { exact: true }).press('Enter');
      await page.locator('#notice').waitFor();
      await expect(page.locator('#notice-text').innerText()).resolves.toContain('Too many messages');
      await expect(page.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe('one more thing');
      await page.unroute('**/api/web/messages');
      expect(pageBroken(errors)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
