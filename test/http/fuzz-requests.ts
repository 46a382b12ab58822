// A seeded generator of bad HTTP requests for the fuzz test: random bodies, wrong types, deep nesting, operator
// objects, huge strings, malformed JSON, bad headers, bad tokens and path junk, aimed at every route family.
import { request } from 'node:http';
import { connect } from 'node:net';
import { mulberry32 } from '../../src/nlu/lexical/seeded-random.js';

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

/** The project's seeded PRNG (mulberry32), so a failing fuzz run can be replayed from its seed. */
export const seededRandom = mulberry32;

export class Fuzz {
  constructor(readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  string(max = 40): string {
    const alphabets = ['abcxyz ', '日本語テキスト', '🙂🔥👍🏽', '\u0000\u0007\u001b\u007f', '\ud800\udc00\udfff', '$.{}[]"\\/', 'Ωßçø'];
    let out = '';
    for (let i = this.int(max); i > 0; i--) out += this.pick([...this.pick(alphabets)]);
    return out;
  }
  /** Any JSON value, nested up to `depth`, biased towards the shapes that break validators. */
  value(depth = 3): unknown {
    const leaves: (() => unknown)[] = [
      () => null,
      () => this.random() < 0.5,
      () => this.pick([0, -1, 1e308, -0.5, 2 ** 53 + 1]),
      () => this.string(),
      () => ({ $gt: '' }),
      () => ({ $where: 'sleep(1000)' }),
      () => ({ $ne: null, $regex: '.*' }),
    ];
    if (depth <= 0 || this.random() < 0.4) return this.pick(leaves)();
    if (this.random() < 0.5) return Array.from({ length: this.int(4) }, () => this.value(depth - 1));
    const object: Record<string, unknown> = {};
    for (let i = this.int(4); i > 0; i--) object[this.pick(['text', 'conversationId', 'customerRef', 'username', 'password', 'outcome', '__proto__', 'constructor', this.string(8)])] = this.value(depth - 1);
    return object;
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const IDS = ['x', '%E0%A4%A', '..%2F..%2Fetc%2Fpasswd', '%00', '%27;%20DROP%20TABLE--', '%7B%22%24gt%22%3A%22%22%7D', '$where', 'a'.repeat(150), '%F0%9F%99%82'];

/** One bad request; every one of them must be refused with a 4xx JSON error. */
export function badRequest(f: Fuzz, context: { conversationId: string }): RawRequest {
  const kind = f.int(13);
  switch (kind) {
    case 0: // wrong types / operator objects in the web chat body
      return { method: 'POST', path: '/api/web/messages', headers: JSON_HEADERS, body: JSON.stringify({ text: f.pick([f.value(), { $gt: '' }, 42, null, ['hi']]), ...(f.random() < 0.5 ? { conversationId: f.value(1) } : {}) }) };
    case 1: // random JSON documents where an object is expected
      // (a random object can be a valid web chat message — `{"text": "…"}` — so that route gets non-objects only)
      if (f.random() < 0.3) return { method: 'POST', path: '/api/web/messages', headers: JSON_HEADERS, body: JSON.stringify(f.pick([[f.value(2)], 'string', 7, true])) };
      return { method: 'POST', path: f.pick(['/api/auth/login', '/api/messages']), headers: JSON_HEADERS, body: JSON.stringify(f.pick([f.value(4), [f.value(2)], 'string', 7])) };
    case 2: { // malformed JSON: a valid document cut short or corrupted
      const valid = JSON.stringify({ text: f.string(), nested: f.value(2) });
      return { method: 'POST', path: '/api/web/messages', headers: JSON_HEADERS, body: f.random() < 0.5 ? valid.slice(0, 1 + f.int(valid.length - 1)) : valid.replace('{', f.pick(['{{', "{'", '{,', '[{'])) };
    }
    case 3: // oversized bodies (over the 64 kB limit)
      return { method: 'POST', path: f.pick(['/api/web/messages', '/api/auth/login', '/api/agent/conversations/x/messages']), headers: JSON_HEADERS, body: JSON.stringify({ text: 'z'.repeat(70_000 + f.int(50_000)) }) };
    case 4: // deep nesting
      return { method: 'POST', path: '/api/web/messages', headers: JSON_HEADERS, body: '['.repeat(5000 + f.int(20_000)) + ']'.repeat(10) };
    case 5: // message over the 2,000-character cap, within the body limit
      return { method: 'POST', path: '/api/web/messages', headers: JSON_HEADERS, body: JSON.stringify({ text: '🙂'.repeat(1001 + f.int(5000)) }) };
    case 6: { // bad conversation tokens and unknown conversations: refused, and nothing may be stored
      const token = { 'x-conversation-token': f.pick(['', 'guess', Buffer.from(f.string(30)).toString('base64'), 'a'.repeat(2000)]) };
      if (f.random() < 0.5) return { method: 'POST', path: '/api/web/messages', headers: { ...JSON_HEADERS, ...token }, body: JSON.stringify({ text: `stolen ${f.string(10)}`, conversationId: f.pick([context.conversationId, f.pick(IDS)]) }) };
      return { method: 'GET', path: `/api/web/conversations/${f.pick([context.conversationId, ...IDS])}/messages`, headers: token };
    }
    case 7: // staff routes with no, forged or junk credentials
      return { method: f.pick(['GET', 'POST']), path: f.pick(['/api/agent/queue', '/api/agent/mine', `/api/agent/conversations/${f.pick(IDS)}/claim`, `/api/agent/customers/${f.pick(IDS)}/context`, '/api/auth/me', '/api/audit']), headers: { ...JSON_HEADERS, ...f.pick<Record<string, string>>([{}, { authorization: `Bearer ${Buffer.from(f.string(20)).toString('base64')}` }, { authorization: 'Bearer a.b' }, { cookie: `concierge_session=${f.pick(['%', '%E0%A4%A', 'x.y', Buffer.from(f.string(10)).toString('base64')])}` }, { authorization: 'Basic Zm9vOmJhcg==' }, { authorization: `Bearer ${'h'.repeat(20_000)}` }]) }, body: '{}' };
    case 8: // path junk and unknown routes
      return { method: f.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']), path: f.pick(['/api/', '/api/web/conversations/%/messages', `/api/${f.pick(IDS)}`, '/api/web/messages/../../etc', '/api/agent/conversations//claim', `/api/web/conversations/${f.pick(IDS)}/messages?after=${f.pick(['%', 'a'.repeat(500), ''])}&after=b`]), headers: JSON_HEADERS };
    case 9: // unreadable bodies: wrong content type, unsupported charset or encoding
      return { method: 'POST', path: '/api/web/messages', headers: f.pick<Record<string, string>>([{ 'content-type': 'text/plain' }, { 'content-type': 'application/json; charset=utf-7' }, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, { 'content-type': 'application/x-www-form-urlencoded' }]), body: Buffer.from(`text=${f.string()}`) };
    case 10: // Bot Framework activities missing what a reply needs
      return { method: 'POST', path: '/api/messages', headers: JSON_HEADERS, body: JSON.stringify({ type: f.pick(['message', '', 5, null]), text: f.value(1), serviceUrl: f.pick(['javascript:alert(1)', 'not a url', 7, undefined]), conversation: f.value(1), from: { id: f.value(0) } }) };
    case 12: // bytes node's own HTTP parser refuses (control characters in a header, a broken request line)
      return { method: 'RAW', path: '/', headers: {}, body: f.pick(['GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n', 'GARBAGE\r\n\r\n', 'GET /\u0001 HTTP/1.1\r\n\r\n', 'POST /api/web/messages HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n']) };
    default: // sign-in with wrong types and operator objects
      return { method: 'POST', path: '/api/auth/login', headers: JSON_HEADERS, body: JSON.stringify({ username: f.pick([{ $gt: '' }, { $where: '1' }, 5, ['admin']]), password: f.pick([{ $ne: null }, '', 9]) }) };
  }
}

/** Sends one request over a fresh connection; rejects after `timeoutMs` so a hang fails the test instead of stalling it. */
export function send(base: string, req: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const url = new URL(base);
  if (req.method === 'RAW') return sendRaw(url, String(req.body), timeoutMs);
  return new Promise((resolve, reject) => {
    const r = request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no answer within ${timeoutMs} ms: ${req.method} ${req.path}`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Writes bytes straight to the socket (node's client would refuse to send them) and reads until the server closes. */
function sendRaw(url: URL, bytes: string, timeoutMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => socket.end(bytes, 'latin1'));
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms to raw bytes`)));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /content-type: ([^\r]+)/i.exec(head)?.[1] ?? '';
      resolve({ status, contentType, text: body });
    });
  });
}
