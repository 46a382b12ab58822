// HTTP surface of the web chat: send a message, read a conversation's messages after a cursor.
import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { WebChatChannel } from '../channels/webchat/webchat-channel.js';
import { cleanCustomerText, MAX_CUSTOMER_MESSAGE_CHARS, tooLongMessage } from '../security/customer-text.js';
import type { RateLimiter } from './rate-limit.js';
import { parseInput } from './validation.js';

export const MAX_MESSAGE_CHARS = MAX_CUSTOMER_MESSAGE_CHARS;

const sendSchema = z.object({
  conversationId: z.string().min(1).max(100).optional(),
  customerRef: z.string().trim().min(1).max(200).optional(),
  customerToken: z.string().min(1).max(4096).optional(),
  text: z.string().max(MAX_MESSAGE_CHARS, `at most ${MAX_MESSAGE_CHARS} characters`).transform(cleanCustomerText),
});

const paramsSchema = z.object({ id: z.string().min(1).max(100) });
const historySchema = z.object({ after: z.string().min(1).max(64).optional() });

/** Over the cap the whole message is refused with a sentence the chat shows the customer (never cut silently). */
function refuseTooLong(body: unknown): void {
  const text = (body as { text?: unknown } | undefined)?.text;
  if (typeof text === 'string' && text.length > MAX_MESSAGE_CHARS) {
    throw new AppError('MESSAGE_TOO_LONG', tooLongMessage(text.length), { status: 400 });
  }
}

export function webChatRoutes(channel: WebChatChannel, limits: { perIp: RateLimiter; perConversation: RateLimiter }): Router {
  const router = Router();

  // What the chat page needs to know before the customer types: whether to offer the demo's sign-in.
  router.get('/api/web/config', (_req, res) => {
    res.json({ demoSignIn: channel.demoSignIn });
  });

  router.post('/api/web/messages', async (req, res) => {
    limits.perIp.take(req.ip ?? 'unknown');
    refuseTooLong(req.body);
    const body = parseInput(sendSchema, req.body, 'body');
    if (body.conversationId) limits.perConversation.take(body.conversationId);
    res.json(await channel.send({ ...body, token: req.get('x-conversation-token') }));
  });

  router.get('/api/web/conversations/:id/messages', async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    const { after } = parseInput(historySchema, req.query, 'query');
    res.json(await channel.history(id, req.get('x-conversation-token'), after));
  });

  return router;
}
