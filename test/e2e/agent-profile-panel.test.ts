// The customer panel renders the customer-intelligence profile the server computes (RFM segment, behaviour segment,
// churn and drivers, orders and lifetime value, next purchase, recommendations with reasons): the page's text is
// checked against the same customer's GET /api/customers/:id/profile.
import { describe, expect, it } from 'vitest';
import type { CustomerProfile } from '../../src/crm/types.js';
import { demoCustomerExamples } from '../../src/crm/demo-seed.js';
import { call } from '../support/test-server.js';
import { browserUnavailableReason, demoAgent, openQueuedConversation, screenshot, useAppAndBrowser } from './browser.js';

const skipReason = browserUnavailableReason();

describe.skipIf(skipReason !== null)('agent console customer panel with the customer profile (real browser)', () => {
  const app = useAppAndBrowser();

  it('shows the RFM and behaviour segments, churn drivers, orders, next purchase, recommendations and recent messages', { timeout: 60_000 }, async () => {
    const { server, browser } = app;
    const [example] = await demoCustomerExamples(server.store, 1);
    const asked = await call(server.url, '/api/web/messages', { body: { text: 'I want to talk to a person', customerRef: example!.id } });
    const conversationId = String(asked.body.conversationId);
    const login = await call(server.url, '/api/auth/login', { body: { username: demoAgent.username, password: demoAgent.password } });
    const read = await call(server.url, `/api/customers/${example!.id}/profile`, { headers: { authorization: `Bearer ${String(login.body.token)}` } });
    expect(read.status).toBe(200);
    const profile = read.body as unknown as CustomerProfile;
    const { context, page, errors } = await openQueuedConversation(browser, server.url, conversationId);
    try {
      await page.locator(`#customer-body[data-customer="${example!.id}"]`).waitFor();
      const panel = await page.locator('#customer-body').innerText();
      const expected = [
        profile.name!,
        `${profile.orders.count} orders`,
        ...(profile.rfm ? [profile.rfm.segment, `RFM ${profile.rfm.recency}-${profile.rfm.frequency}-${profile.rfm.monetary}`] : []),
        ...(profile.behaviourSegment ? [profile.behaviourSegment.name] : []),
        ...(profile.churn ? [`${profile.churn.band} churn risk`, `${Math.round(profile.churn.probability * 100)}% chance of leaving`, ...profile.churn.drivers.map((d) => `Because: ${d}`)] : []),
        ...(profile.nextPurchase ? [`every ~${Math.round(profile.nextPurchase.meanGapDays)} days`] : []),
        ...profile.recommendations.map((r) => `${r.name} — ${r.reason}`),
        'webchat · customer',
        'I want to talk to a person',
      ];
      // The demo customer has all of these; an empty profile would make the check meaningless.
      expect(profile.rfm && profile.behaviourSegment && profile.churn && profile.recommendations.length > 0).toBeTruthy();
      for (const text of expected) expect(panel).toContain(text);
      // Credit notes (negative totals, the shop's cancellation records) read as the amount credited.
      const ctx = await call(server.url, `/api/agent/customers/${example!.id}/context`, { headers: { authorization: `Bearer ${String(login.body.token)}` } });
      const recent = (ctx.body.orders as { id: string; status: string; total: number }[]).slice(0, 5);
      for (const o of recent.filter((r) => r.total < 0)) expect(panel).toContain(`${o.id} · ${o.status} · credit £${(-o.total).toFixed(2)}`);
      expect(panel).not.toMatch(/-£/);
      await screenshot(page, 'agent-profile-panel');
      expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
