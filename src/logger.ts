// Structured logging behind a small interface; pino does the work. Message text and personal data stay below info.
import pino from 'pino';

export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export { redactText } from './security/redaction.js';

function wrap(base: pino.Logger): Logger {
  const emit = (level: 'debug' | 'info' | 'warn' | 'error') => (event: string, fields?: Record<string, unknown>) => {
    base[level](fields ?? {}, event);
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (bindings) => wrap(base.child(bindings)),
  };
}

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const base = pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['text', '*.text', 'email', '*.email', 'phone', '*.phone', 'password', '*.password', 'token', 'authorization'],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  return wrap(base);
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = createLogger('silent');
