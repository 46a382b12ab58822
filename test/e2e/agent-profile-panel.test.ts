// The customer panel renders the customer-intelligence `profile` object when the context response carries one.
// The server on this branch does not produce it yet (another branch adds it), so the browser's copy of the real
// context response gets a profile of the agreed shape added in flight; without it, the basic fields are shown.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerExamples } from '../../src/crm/demo-seed.js';
import { DEMO_USERS } from '../../src/security/user-service.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';
import { browserUnavailableReason, launchBrowser, openPage, screenshot } from './browser.js';

const skipReason = browserUnavailableReason();
const demoAgent = DEMO_USERS.find((u) => u.role === 'agent') ?? DEMO_USERS[0]!;

describe.skipIf(skipReason !== null)('agent console customer panel with a profile object (real browser)', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows segment, behaviour segment, churn drivers, lifetime value, next purchase and cross-channel history', { timeout: 60_000 }, async () => {
    const [example] = await demoCustomerExamples(server.store, 1);
    const asked = await call(server.url, '/api/web/messages', { body: { text: 'I want to talk to a person', customerRef: example!.id } });
    const conversationId = String(asked.body.conversationId);
    const { context, page, errors } = await openPage(browser, `${server.url}/agent/`, { viewport: { width: 1366, height: 900 } });
    try {
      await page.route('**/api/agent/customers/*/context', async (route) => {
        const response = await route.fetch();
        const body = (await response.json()) as Record<string, unknown>;
        const profile = {
          customerId: example!.id,
          name: 'Profile Name',
          email: 'profile@example.com',
          since: '2024-03-01T00:00:00.000Z',
          channels: ['webchat', 'teams'],
          orders: { count: 12, lifetimeValue: 1834.5, currency: 'GBP', lastOrderAt: '2026-11-16T00:00:00.000Z' },
          rfm: { recency: 5, frequency: 4, monetary: 5, score: 545, segment: 'Champions' },
          behaviourSegment: { id: 'b2', name: 'Gift buyers', k: 5 },
          churn: { probability: 0.71, band: 'high', drivers: ['month-to-month contract', 'no tech support'] },
          nextPurchase: { expectedAt: '2026-12-01T00:00:00.000Z', meanGapDays: 21.4 },
          recentInteractions: [{ at: '2026-11-20T10:00:00.000Z', channel: 'teams', sender: 'customer', text: 'Is my refund through?', intent: 'return_refund' }],
          recommendations: [{ productId: 'p1', name: 'Spaceboy Lunch Box', reason: 'bought with your last order' }],
          computedAt: '2026-11-23T09:00:00.000Z',
        };
        await route.fulfill({ response, json: { ...body, profile } });
      });
      await page.getByLabel('Username').fill(demoAgent.username);
      await page.getByLabel('Password').fill(demoAgent.password);
      await page.locator('#login-submit').click();
      await page.locator(`#queue button[data-id="${conversationId}"]`).click();
      await page.locator(`#customer-body[data-customer="${example!.id}"]`).waitFor();
      const panel = await page.locator('#customer-body').innerText();
      expect(panel).toContain('Profile Name');
      for (const text of ['Champions', 'Gift buyers', 'high churn risk', '71% chance of leaving', 'Because: no tech support', '12 orders', '£1,834.50', 'every ~21 days', 'RFM 5-4-5', 'teams · customer (return_refund): Is my refund through?', 'Spaceboy Lunch Box — bought with your last order']) {
        expect(panel).toContain(text);
      }
      await screenshot(page, 'agent-profile-panel');
      expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
