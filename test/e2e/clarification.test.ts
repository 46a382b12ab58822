// "Did you mean A or B?" in the real web chat: the question shows both intents as buttons, and clicking one gets
// that intent's answer. Screenshots: test-results/screenshots/webchat-clarify-*.png.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserUnavailableReason, openPage, screenshot, useAppAndBrowser, viewports } from './browser.js';

const skipReason = browserUnavailableReason();
if (skipReason) console.warn(`[e2e/clarification] skipped — ${skipReason}`);

async function waitForMoreBotMessages(page: Page, before: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('.message.bot').length > n, before);
  await page.locator('#typing').waitFor({ state: 'hidden' });
}

describe.skipIf(skipReason !== null)('clarification in the web chat (real browser, real app)', () => {
  const app = useAppAndBrowser();

  it('asks which of two close intents was meant and answers the one clicked', async () => {
    const { context, page, errors } = await openPage(app.browser, app.server.url, { viewport: viewports.phone, mobile: true });
    const bots = await page.locator('.message.bot').count();
    await page.getByLabel('Message', { exact: true }).fill("what does shipping cost and where's my parcel");
    await page.getByLabel('Message', { exact: true }).press('Enter');
    await waitForMoreBotMessages(page, bots);
    await expect(page.locator('.message.bot').last().innerText()).resolves.toContain('Did you mean');
    const chips = page.locator('.quick-replies .chip');
    await expect(chips.allInnerTexts()).resolves.toEqual(['Delivery options and costs', 'Track an order']);
    await screenshot(page, 'webchat-clarify-question');

    const before = await page.locator('.message.bot').count();
    await chips.filter({ hasText: 'Delivery options and costs' }).click();
    await waitForMoreBotMessages(page, before);
    await expect(page.locator('.message.bot').last().innerText()).resolves.toMatch(/checkout/);
    await screenshot(page, 'webchat-clarify-answer');
    expect(errors).toEqual([]);
    await context.close();
  });
});
