import { afterAll, beforeAll, expect, it } from 'vitest';
import { redactText } from '../../src/security/redaction.js';
import { call, startTestServer, type TestServer } from '../support/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ REDACT_STORED_TEXT: 'true' });
});
afterAll(async () => {
  await server.stop();
});

it('masks e-mails and long numbers but keeps order ids', () => {
  expect(redactText('mail ann.lee+x@example.co.uk or call +44 20 7946 0958, card 4111 1111 1111 1111, order 536365')).toBe(
    'mail [email] or call [number], card [number], order 536365',
  );
});

it('stores customer messages redacted when REDACT_STORED_TEXT is on, and still answers them', async () => {
  const res = await call(server.url, '/api/web/messages', { body: { text: 'my email is ann.lee@example.com and my phone is 07700 900123, where is order 536365?' } });
  expect(res.status).toBe(200);
  const [stored] = await server.store.interactions.listByConversation(String(res.body.conversationId), { senders: ['customer'] });
  expect(stored?.text).toBe('my email is [email] and my phone is [number], where is order 536365?');
  expect(JSON.stringify(stored?.entities)).not.toContain('ann.lee@example.com');
  expect(stored?.entities).toContainEqual(expect.objectContaining({ type: 'orderId', value: '536365' }));
});
