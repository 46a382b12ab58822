// Test support: a fake Bot Framework connector (the service Teams replies are POSTed to) and an express host for
// the Teams handler, both on 127.0.0.1 with ephemeral ports.
import { EventEmitter, once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import type { TeamsChannel } from '../../../src/channels/teams/teams-channel.js';

export interface ConnectorCall {
  conversationId: string;
  /** Set for replies (POST …/activities/:activityId), absent for new posts (POST …/activities). */
  replyToId?: string;
  body: Record<string, unknown>;
}

export interface FakeConnector {
  url: string;
  calls: ConnectorCall[];
  /** 'ok' answers 200; 'hang' accepts the request and never answers (to exercise client timeouts). */
  mode: 'ok' | 'hang';
  /** Resolves once at least `count` calls have been recorded. */
  waitForCalls(count: number): Promise<ConnectorCall[]>;
  close(): Promise<void>;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const events = new EventEmitter();
  const calls: ConnectorCall[] = [];
  const connector = { mode: 'ok' } as FakeConnector;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = ROUTE.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      calls.push({
        conversationId: decodeURIComponent(match[1] ?? ''),
        ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
        body,
      });
      events.emit('call');
      if (connector.mode === 'hang') return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sent-${calls.length}` }));
    });
  });
  const url = await listen(server);
  return Object.assign(connector, {
    url,
    calls,
    async waitForCalls(count: number) {
      while (calls.length < count) await once(events, 'call');
      return calls;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  });
}

export interface BotServer {
  url: string;
  close(): Promise<void>;
}

/** Mounted the way the product does it: express.json() first, then POST /api/messages, then a JSON error layer. */
export async function startBotServer(channel: TeamsChannel): Promise<BotServer> {
  const app = express();
  app.use(express.json({ limit: '64kb' }));
  app.post('/api/messages', (req, res) => channel.handle(req, res));
  const errors: ErrorRequestHandler = (error: { status?: number; code?: string; message?: string }, _req, res, _next) => {
    res.status(error.status ?? 500).json({ error: { code: error.code ?? 'INTERNAL', message: error.message } });
  };
  app.use(errors);
  const server = createServer(app);
  const url = await listen(server);
  return {
    url,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export async function postActivity(base: string, activity: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // botbuilder answers some refusals with plain text; `text` keeps it.
  }
  return { status: response.status, text, json };
}
