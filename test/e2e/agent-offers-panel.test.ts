// The agent console's customer panel shows the retention offer a customer accepted in the chat (title, until when,
// accepted when), so the agent who takes the conversation does not promise a second one — checked against the
// customer's real profile from GET /api/customers/:id/profile.
import { describe, expect, it } from 'vitest';
import type { CustomerProfile } from '../../src/crm/types.js';
import { call } from '../support/test-server.js';
import { browserUnavailableReason, demoAgent, openQueuedConversation, screenshot, useAppAndBrowser } from './browser.js';

const skipReason = browserUnavailableReason();

describe.skipIf(skipReason !== null)('agent console customer panel with an accepted retention offer (real browser)', () => {
  const app = useAppAndBrowser();

  it('lists the running offer the customer accepted before asking for a person', { timeout: 60_000 }, async () => {
    const { server, browser } = app;
    // Demo customer 12434: valuable month-to-month, high churn risk → offered 20% off for 12 months.
    const chat = { conversationId: '', token: '' };
    for (const text of ['I want to cancel my contract', 'Accept the offer', 'I would like to talk to a person']) {
      const res = await call(server.url, '/api/web/messages', {
        body: { text, ...(chat.conversationId ? { conversationId: chat.conversationId } : { customerRef: '12434' }) },
        headers: chat.token ? { 'x-conversation-token': chat.token } : {},
      });
      expect(res.status).toBe(200);
      chat.conversationId ||= String(res.body.conversationId);
      chat.token ||= String(res.body.conversationToken);
    }
    const login = await call(server.url, '/api/auth/login', { body: { username: demoAgent.username, password: demoAgent.password } });
    const read = await call(server.url, '/api/customers/12434/profile', { headers: { authorization: `Bearer ${String(login.body.token)}` } });
    const offer = (read.body as unknown as CustomerProfile).activeOffers?.[0];
    expect(offer).toMatchObject({ id: 'loyalty-12m-20pct', title: '20% off for 12 months' });

    const { context, page, errors } = await openQueuedConversation(browser, server.url, chat.conversationId);
    try {
      await page.locator('#customer-body[data-customer="12434"]').waitFor();
      const panel = await page.locator('#customer-body').innerText();
      // Section titles are upper-cased by the stylesheet, and innerText reports what is shown.
      expect(panel.toLowerCase()).toContain('retention offers');
      expect(panel).toMatch(/20% off for 12 months · until .+ · accepted .+ \(loyalty-12m-20pct\)/);
      await page.locator('#customer-body').getByText('Retention offers').scrollIntoViewIfNeeded();
      await screenshot(page, 'agent-offers-panel');
      expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
