import { describe, expect, it } from 'vitest';
import { cleanCustomerText, tooLongMessage } from '../../src/security/customer-text.js';
import { call, startTestServer } from '../support/test-server.js';

describe('customer text', () => {
  it('keeps emoji, other scripts, line breaks and tabs as they are', () => {
    for (const text of ['🙂👍🏽', 'где мой заказ', '我的订单', 'line one\nline two\tend', 'e\u0301']) expect(cleanCustomerText(text)).toBe(text);
  });

  it('drops control characters and normalises CR LF', () => {
    expect(cleanCustomerText('a\u0000b\u0007c\u001b[31md\u007f\u0085')).toBe('abc[31md');
    expect(cleanCustomerText('one\r\ntwo\rthree')).toBe('one\ntwo\nthree');
  });

  it('replaces lone surrogates and keeps real pairs', () => {
    expect(cleanCustomerText('a\ud800b')).toBe('a\ufffdb');
    expect(cleanCustomerText('\udc00x')).toBe('\ufffdx');
    expect(cleanCustomerText('\ud83d\ude42')).toBe('🙂');
  });

  it('says how long the message was and what the limit is', () => {
    expect(tooLongMessage(2345, 2000)).toBe('The message is 2,345 characters long; the limit is 2,000. Please shorten it or split it into several messages.');
  });

  it('refuses an over-long web chat message with MESSAGE_TOO_LONG and stores nothing', async () => {
    const server = await startTestServer({ SEED_DEMO_DATA: 'false' });
    try {
      const res = await call(server.url, '/api/web/messages', { body: { text: 'a'.repeat(2001) } });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'MESSAGE_TOO_LONG', message: expect.stringContaining('2,001 characters') } });
      expect(await server.store.interactions.count({})).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
