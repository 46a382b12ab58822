// The web chat page opened by a shop that signs its customers in (`#identity=<token>`, demo sign-in off), in a real
// browser: the token leaves the address bar, the customer is named, their order is answered; without a token the
// typed-in sign-in is not offered at all.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerExamples } from '../../src/crm/demo-seed.js';
import { signCustomerIdentity } from '../../src/security/customer-identity.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { browserUnavailableReason, launchBrowser, openPage, screenshot } from './browser.js';

const skipReason = browserUnavailableReason();
const secret = 'shop-and-concierge-share-this-secret-0123';

describe.skipIf(skipReason !== null)('web chat with a shop-signed identity (real browser)', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer({ WEBCHAT_IDENTITY_SECRET: secret, WEBCHAT_DEMO_SIGN_IN: 'false' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs the customer in from the token, hides it from the address bar and answers from their orders', { timeout: 60_000 }, async () => {
    const [customer] = await demoCustomerExamples(server.store, 1);
    const [latest] = await server.store.orders.listByCustomer(customer!.id, 1);
    const token = signCustomerIdentity(customer!.id, secret);
    const { context, page, errors } = await openPage(browser, `${server.url}/#identity=${token}`);
    try {
      await page.locator('#identity-label').filter({ hasText: customer!.id }).waitFor();
      expect(page.url()).not.toContain('identity=');
      await page.getByLabel('Message', { exact: true }).fill('where is my order?');
      await page.getByLabel('Message', { exact: true }).press('Enter');
      await page.locator('.message.bot').filter({ hasText: latest!.id }).first().waitFor();
      await screenshot(page, 'webchat-signed-identity');
      expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('does not offer the typed-in sign-in to a visitor the shop did not sign in', { timeout: 60_000 }, async () => {
    const { context, page } = await openPage(browser, `${server.url}/`);
    try {
      await page.locator('#identity-button').waitFor({ state: 'hidden' });
      await page.getByLabel('Message', { exact: true }).fill('hello');
      await page.getByLabel('Message', { exact: true }).press('Enter');
      await page.locator('.message.bot').first().waitFor();
      await screenshot(page, 'webchat-no-sign-in');
    } finally {
      await context.close();
    }
  });
});
