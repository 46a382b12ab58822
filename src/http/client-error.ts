// Requests node:http refuses before express sees them (header block too large, malformed request line or header
// value): answer with the same JSON error shape as every other refusal instead of node's bare status line.
import type { Socket } from 'node:net';

const REASONS: Record<string, { status: number; text: string; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, text: 'Request Header Fields Too Large', code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large.' },
};
const MALFORMED = { status: 400, text: 'Bad Request', code: 'MALFORMED_REQUEST', message: 'The request could not be parsed.' };

/** For `server.on('clientError', …)`. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const reason = REASONS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({ error: { code: reason.code, message: reason.message } });
  socket.end(
    `HTTP/1.1 ${reason.status} ${reason.text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
