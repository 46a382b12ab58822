// Test support: a local stand-in for the Bot Framework's token service — an RSA key made here, an OpenID metadata
// document and a JWKS on 127.0.0.1, and tokens signed with node:crypto the way the Bot Framework signs them.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export interface FakeOpenId {
  metadataUrl: string;
  /** How many times botbuilder fetched the key set (it caches it). */
  jwksFetches: number;
  /** A token as the Bot Framework would send it to the bot; `claims` override or add to the usual ones. */
  token(claims: Record<string, unknown>, options?: { signWith?: KeyObject; kid?: string }): string;
  close(): Promise<void>;
}

export function newRsaKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export async function startFakeOpenId(kid = 'test-key-1', endorsements = ['msteams']): Promise<FakeOpenId> {
  const { privateKey, publicKey } = newRsaKey();
  const jwk = publicKey.export({ format: 'jwk' });
  let base = '';
  const state = { jwksFetches: 0 };
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid-configuration') {
      res.end(JSON.stringify({ issuer: BOT_FRAMEWORK_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/keys') {
      state.jwksFetches += 1;
      res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid, n: jwk.n, e: jwk.e, endorsements }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/openid-configuration`,
    get jwksFetches() {
      return state.jwksFetches;
    },
    token(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = b64({ alg: 'RS256', typ: 'JWT', kid: options.kid ?? kid });
      const payload = b64({ iss: BOT_FRAMEWORK_ISSUER, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims });
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), options.signWith ?? privateKey).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
