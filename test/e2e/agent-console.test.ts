// The agent console and the web chat together in a real browser against the real app, as two separate browser
// contexts: the customer asks for a person → the agent sees them in the queue (live, over SSE) → claims → they talk
// both ways → the agent hands back → the bot answers again. Screenshots land in test-results/screenshots/agent-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerExamples } from '../../src/crm/demo-seed.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { browserUnavailableReason, demoAgent, launchBrowser, openPage, screenshot, viewports } from './browser.js';

const skipReason = browserUnavailableReason();
if (skipReason) console.warn(`[e2e/agent-console] skipped — ${skipReason}`);

const pageBroken = (errors: string[]) => errors.filter((e) => e.startsWith('pageerror') || /Content Security Policy|Refused to/i.test(e));
const laptop = { width: 1366, height: 900 };
const tablet = { width: 768, height: 1024 };

/** Waits until an element matching `selector` contains `text`: DOM-driven, no sleeping. */
async function waitForText(page: Page, selector: string, text: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([s, t]) => Array.from(document.querySelectorAll(s as string)).some((n) => (n.textContent ?? '').includes(t as string)),
    [selector, text] as const,
    { timeout },
  );
}

async function customerSignIn(page: Page, ref: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Your customer id or e-mail').fill(ref);
  await page.locator('#signin-submit').click();
  await page.locator('#signin-panel').waitFor({ state: 'hidden' });
}

async function customerSays(page: Page, text: string): Promise<void> {
  const before = await page.locator('.message.customer').count();
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.message.customer').length > n, before);
  await page.locator('#typing').waitFor({ state: 'hidden' });
}

describe.skipIf(skipReason !== null)('agent console with a web chat customer (real browser, two contexts)', () => {
  let server: TestServer;
  let browser: Browser;
  let customer: { id: string; name: string };

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const [example] = await demoCustomerExamples(server.store, 1);
    if (!example) throw new Error('the demo store has no customer with an order; was demo data seeded?');
    customer = example;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('ask for a person → queue → claim → chat both ways → hand back → the bot answers', { timeout: 120_000 }, async () => {
    const chat = await openPage(browser, server.url, { viewport: viewports.phone, mobile: true });
    const agent = await openPage(browser, `${server.url}/agent/`, { viewport: laptop });
    try {
      const cust = chat.page;
      const console_ = agent.page;

      // The agent signs in first and watches an empty queue.
      await console_.locator('#login-form').waitFor();
      await console_.getByLabel('Username').fill(demoAgent.username);
      await console_.getByLabel('Password').fill('wrong password');
      await console_.locator('#login-submit').click();
      await waitForText(console_, '#login-error', 'Wrong username or password');
      await screenshot(console_, 'agent-signin-error');
      await console_.getByLabel('Password').fill(demoAgent.password);
      await console_.locator('#login-submit').click();
      await console_.locator('#console-view').waitFor();
      await waitForText(console_, '#live-text', 'Live');

      // The customer asks for a person and is told they are queued.
      await customerSignIn(cust, customer.id);
      await customerSays(cust, 'I want to talk to a person');
      await waitForText(cust, '.message.bot', 'queue');
      const conversationId = await cust.evaluate(() => JSON.parse(sessionStorage.getItem('concierge.webchat.v1') ?? '{}').conversationId as string);
      expect(conversationId).toBeTruthy();

      // The conversation appears in the agent's queue without a reload.
      const inQueue = console_.locator(`#queue button[data-id="${conversationId}"]`);
      await inQueue.waitFor();
      await expect(inQueue.innerText()).resolves.toContain('Asked for a person');
      await screenshot(console_, 'agent-queue');

      // Open, read the transcript, claim; the customer panel shows who this is.
      await inQueue.click();
      await waitForText(console_, '#transcript .message.customer', 'I want to talk to a person');
      await expect(console_.locator('#composer-text').isDisabled()).resolves.toBe(true);
      await console_.locator('#claim').click();
      await console_.locator('#release').waitFor();
      await expect(console_.locator('#composer-text').isEnabled()).resolves.toBe(true);
      await console_.locator(`#customer-body[data-customer="${customer.id}"]`).waitFor();
      await expect(console_.locator('#customer-body .customer-name').innerText()).resolves.toBe(customer.name);
      await expect(console_.locator('#customer-body').innerText()).resolves.toMatch(/Recent orders/i);
      await console_.locator(`#mine button[data-id="${conversationId}"]`).waitFor();

      // Agent → customer (the web chat polls every 4 s; wait on the DOM).
      await console_.locator('#composer-text').fill("Hi, I'm Ann from the support team");
      await console_.locator('#composer-text').press('Enter');
      await waitForText(console_, '#transcript .message.agent', "Hi, I'm Ann from the support team");
      await waitForText(cust, '.message.agent', "Hi, I'm Ann from the support team");
      await screenshot(console_, 'agent-conversation');

      // Customer → agent: the bot stays silent, the agent's page shows it live (pushed, no reload: a marker set on
      // the page survives).
      await console_.evaluate(() => Object.assign(window, { __noReload: true }));
      const botsBefore = await cust.locator('.message.bot').count();
      await customerSays(cust, 'Thanks Ann, where is my order? It has not arrived');
      await waitForText(console_, '#transcript .message.customer', 'It has not arrived');
      await expect(cust.locator('.message.bot').count()).resolves.toBe(botsBefore);
      await expect(console_.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).resolves.toBe(true);
      await screenshot(cust, 'agent-customer-chat');

      // Suggested replies for that message: one click puts it in the composer; the agent edits it and sends it.
      const suggestion = console_.locator('#suggestions .suggestion').first();
      await suggestion.waitFor();
      await suggestion.click();
      const suggested = await console_.locator('#composer-text').inputValue();
      expect(suggested.length).toBeGreaterThan(10);
      await console_.locator('#composer-text').fill(`${suggested} (Ann)`);
      await console_.locator('#send').click();
      await waitForText(cust, '.message.agent', `${suggested.slice(0, 30)}`);

      // A note for colleagues, shown on the handoff and stored.
      await console_.locator('#note-text').fill('Customer waiting for a parcel; check with the courier');
      await console_.locator('#note-form button[type="submit"]').click();
      await waitForText(console_, '#notes-list', 'check with the courier');
      await screenshot(console_, 'agent-conversation-1366');

      // The same console at tablet width stays readable.
      await console_.setViewportSize(tablet);
      await screenshot(console_, 'agent-conversation-768');
      await console_.setViewportSize(laptop);

      // Hand back with an outcome: the bot answers the next message again.
      await console_.locator('#outcome').selectOption('follow_up');
      await console_.locator('#release').click();
      await console_.locator('#release').waitFor({ state: 'hidden' });
      await expect(console_.locator('#composer-text').isDisabled()).resolves.toBe(true);
      await expect(console_.locator('#conv-meta').innerText()).resolves.toContain('with the bot');
      await console_.locator(`#mine button[data-id="${conversationId}"]`).waitFor({ state: 'detached' });
      const bots = await cust.locator('.message.bot').count();
      await customerSays(cust, 'where is my order?');
      await cust.waitForFunction((n) => document.querySelectorAll('.message.bot').length > n, bots);
      // The console still shows the conversation it handed back, and picks up the bot's answer.
      await console_.waitForFunction(
        () => {
          const all = Array.from(document.querySelectorAll('#transcript .message'));
          const asked = all.findIndex((n) => n.classList.contains('customer') && (n.textContent ?? '').includes('where is my order?'));
          return asked !== -1 && all.slice(asked + 1).some((n) => n.classList.contains('bot'));
        },
        undefined,
        { timeout: 20_000 },
      );
      await waitForText(cust, '#status-text', 'Online');
      await screenshot(cust, 'agent-customer-handed-back');
      await screenshot(console_, 'agent-handed-back');

      // Everything is in the store, agent messages included, and the handoff with its outcome and note.
      const stored = await server.store.interactions.listByConversation(conversationId);
      expect(stored.filter((i) => i.sender === 'agent').map((i) => i.agent)).toEqual([demoAgent.username, demoAgent.username]);
      const [record] = await server.store.handoffs.listByConversation(conversationId);
      expect(record).toMatchObject({ trigger: 'customer_request', agent: demoAgent.username, outcome: 'follow_up' });
      expect(record?.notes?.map((n) => n.text)).toEqual(['Customer waiting for a parcel; check with the courier']);
      await expect(console_.locator('#handoff-reason').innerText()).resolves.toContain('Follow-up needed');

      // The conversation is back with the bot, so it is on the monitor: the agent takes it over from there.
      const live = console_.locator(`#monitor button[data-id="${conversationId}"]`);
      await live.waitFor();
      await live.click();
      await console_.locator('#pick').click();
      await console_.locator('#release').waitFor();
      await waitForText(cust, '.message.bot', 'joined the conversation');
      await screenshot(console_, 'agent-picked-from-monitor');
      const records = await server.store.handoffs.listByConversation(conversationId);
      expect(records.map((h) => h.trigger)).toEqual(['customer_request', 'agent_pick']);
      expect(pageBroken(chat.errors)).toEqual([]);
      expect(pageBroken(agent.errors)).toEqual([]);
    } finally {
      await chat.context.close();
      await agent.context.close();
    }
  });
});
