// Starts the in-process MongoDB wire-protocol server (CongoDB, test-only) on 127.0.0.1 and says where it listens.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { CongoServer } from '@push.rocks/smartmongo/dist_ts/congodb/index.js';

export interface RunningCongo {
  server: CongoServer;
  port: number;
  uri: string;
}

/** `port` 0 picks a free port; file storage (with `storagePath`) survives a stop and a restart on the same path. */
export async function startCongo(options: { port?: number; storagePath?: string } = {}): Promise<RunningCongo> {
  const server = new CongoServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    ...(options.storagePath ? { storage: 'file', storagePath: options.storagePath } : { storage: 'memory' }),
  });
  await server.start();
  // `port` reports the configured 0; the bound port is on the underlying net.Server.
  const port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
  return { server, port, uri: `mongodb://127.0.0.1:${port}` };
}

/** One in-memory server for the calling test file: started before its tests, stopped after; returns its URI getter. */
export function congoForFile(): () => string {
  let running: RunningCongo | undefined;
  beforeAll(async () => {
    running = await startCongo();
  });
  afterAll(async () => {
    await running?.server.stop();
  });
  return () => {
    if (!running) throw new Error('CongoDB is not running (congoForFile() must be called at the top level of a test file)');
    return running.uri;
  };
}
