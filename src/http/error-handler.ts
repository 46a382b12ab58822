// The HTTP error boundary: every failure leaves as JSON {error: {code, message, fields?}}, never a stack trace.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isAppError } from '../app-error.js';
import type { Logger } from '../logger.js';
import { AccountLockedError } from '../security/login-guard.js';
import { RateLimitError } from './rate-limit.js';
import { ValidationError } from './validation.js';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${req.path}` } });
  };
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const parser = error as BodyParserError;
    if (parser.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'BODY_TOO_LARGE', message: 'The request body is too large.' } });
      return;
    }
    if (parser.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' } });
      return;
    }
    if (parser.type && parser.status && parser.status < 500) {
      res.status(parser.status).json({ error: { code: 'BAD_REQUEST', message: 'The request body could not be read.' } });
      return;
    }
    // express's router marks its own refusals (e.g. a path parameter that is not valid percent-encoding) with a 4xx.
    const routerStatus = parser.status ?? parser.statusCode;
    if (!isAppError(error) && routerStatus && routerStatus >= 400 && routerStatus < 500) {
      res.status(routerStatus).json({ error: { code: 'BAD_REQUEST', message: 'The request could not be read.' } });
      return;
    }
    if (error instanceof RateLimitError || error instanceof AccountLockedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (isAppError(error) && error.status < 500) {
      const fields = error instanceof ValidationError ? { fields: error.fields } : {};
      res.status(error.status).json({ error: { code: error.code, message: error.message, ...fields } });
      return;
    }
    const code = isAppError(error) ? error.code : 'INTERNAL';
    logger.error('http.request.failed', { method: req.method, path: req.path, code, err: error });
    res.status(isAppError(error) ? error.status : 500).json({ error: { code, message: 'Something went wrong on our side. Please try again.' } });
  };
}
