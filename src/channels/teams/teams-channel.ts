// The Microsoft Teams / Bot Framework channel: the POST /api/messages handler, the adapter's error boundary and
// proactive sends. botbuilder stays inside src/channels/teams; callers see plain request/response/reply shapes.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type ConversationReference, type TurnContext } from 'botbuilder';
import { AppError, isAppError } from '../../app-error.js';
import { errorReply } from '../../dialogue/system-replies.js';
import type { Reply, TurnHandler } from '../../dialogue/types.js';
import { redactText, type Logger } from '../../logger.js';
import { toActivity } from './activity-mapping.js';
import { ConciergeBot } from './concierge-bot.js';
import { connectorDeadline, DEFAULT_CONNECTOR_TIMEOUT_MS } from './connector-deadline.js';
import { parseConversationReference, parseInboundActivity } from './inbound-activity.js';

export type MicrosoftAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export interface TeamsChannelOptions {
  /** Azure Bot registration (Entra app) id; empty or absent = no authentication, for local use and the Emulator. */
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: MicrosoftAppType;
  handleTurn: TurnHandler;
  logger: Logger;
  /** Deadline for each outbound call to the Bot Framework connector (replies, proactive messages). */
  timeoutMs?: number;
  welcomeText?: string;
  /**
   * Where inbound Bot Framework tokens are checked against: the OpenID metadata (which names the signing keys) and the
   * issuer. Unset = the public Azure cloud. Set it for a sovereign cloud, or to a local fake in tests.
   */
  inboundAuth?: { openIdMetadataUrl: string; tokenIssuer: string };
}

/** botframework-connector's public-cloud AuthenticationConstants (botbuilder does not re-export them). */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
};

/** The parts of an HTTP request the channel reads; an express (or node:http + parsed body) request fits. */
export interface BotHttpRequest {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body: express.json() must run before the handler. */
  body?: unknown;
}

/** The parts of an HTTP response botbuilder writes to; an express response fits. */
export interface BotHttpResponse {
  socket: unknown;
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(...args: unknown[]): unknown;
  end(...args: unknown[]): unknown;
}

export interface TeamsChannel {
  /** POST /api/messages. Rejects with AppError (400 invalid activity, 401 no bearer token) for the HTTP error layer. */
  handle(req: BotHttpRequest, res: BotHttpResponse): Promise<void>;
  /** Sends replies into a conversation the bot has seen before (e.g. an agent's answer after a handoff). */
  sendProactive(reference: Record<string, unknown>, replies: Reply[]): Promise<void>;
  /** True when an app id is configured: botbuilder then validates the Bot Framework JWT on every request. */
  authEnabled: boolean;
}

/** Enough to tell failures apart in the logs; masked and cut short in case a message quotes customer input. */
/**
 * A token botbuilder refused. Its own AuthenticationError carries statusCode 401; a bad signature or a malformed token
 * surfaces as the jsonwebtoken library's error instead, which CloudAdapter.process would answer with a 500.
 */
function isTokenRefusal(error: unknown): boolean {
  const e = error as { statusCode?: unknown; name?: unknown };
  return e.statusCode === 401 || e.name === 'JsonWebTokenError' || e.name === 'NotBeforeError' || e.name === 'TokenExpiredError';
}

function describe(error: unknown): Record<string, unknown> {
  const e = error instanceof Error ? error : new Error(String(error));
  return { code: isAppError(e) ? e.code : undefined, errorName: e.name, errorMessage: redactText(e.message.slice(0, 200)) };
}

export function createTeamsChannel(options: TeamsChannelOptions): TeamsChannel {
  const logger = options.logger;
  const appId = options.appId?.trim() ?? '';
  const authEnabled = appId !== '';
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: options.appPassword ?? '',
    MicrosoftAppTenantId: options.tenantId ?? '',
    // botbuilder insists on an app id for SingleTenant/MSI; without one we run unauthenticated anyway.
    MicrosoftAppType: authEnabled ? options.appType : 'MultiTenant',
    // Setting any endpoint makes botbuilder take all of them from here, so the public-cloud rest comes along.
    ...(options.inboundAuth
      ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: options.inboundAuth.openIdMetadataUrl, ToBotFromChannelTokenIssuer: options.inboundAuth.tokenIssuer }
      : {}),
  });
  const adapter = new CloudAdapter(auth);
  const timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_CONNECTOR_TIMEOUT_MS;
  adapter.use(connectorDeadline(timeoutMs, logger));
  const bot = new ConciergeBot({ handleTurn: options.handleTurn, logger, welcomeText: options.welcomeText });

  // The turn's error boundary: log without message text, apologise to the customer, never rethrow (a rethrow would
  // leave the customer without an answer and become a 500 carrying botbuilder's error text).
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    logger.error('teams.turn.failed', { ...describe(error), activityType: context.activity.type, conversationId: context.activity.conversation?.id });
    logger.debug('teams.turn.failed.detail', { err: error });
    try {
      await context.sendActivity(toActivity(errorReply));
    } catch (sendError) {
      logger.warn('teams.turn.apology_failed', describe(sendError));
    }
  };

  if (!authEnabled) {
    logger.warn('teams.auth.disabled', {
      reason: 'MICROSOFT_APP_ID is not set: /api/messages accepts unauthenticated activities (local/Emulator only)',
    });
  }

  async function handle(req: BotHttpRequest, res: BotHttpResponse): Promise<void> {
    const authorization = req.headers.authorization ?? req.headers.Authorization;
    // Fast path for the obvious case, so scanners do not reach botbuilder (which logs a stack trace per refusal).
    // Anything that does carry a token is validated by botbuilder: signature, issuer, audience = appId, serviceUrl.
    if (authEnabled && (typeof authorization !== 'string' || !/^Bearer\s+\S/i.test(authorization))) {
      throw new AppError('TEAMS_UNAUTHORIZED', 'A Bot Framework bearer token is required.', { status: 401 });
    }
    const activity = parseInboundActivity(req.body);
    if (authEnabled) {
      // Checked here first so every refused token is a 401 (see isTokenRefusal); process() checks it again from the
      // signing-key cache, which costs one signature verification.
      try {
        await auth.authenticateRequest(activity as unknown as Activity, String(authorization));
      } catch (error) {
        if (!isTokenRefusal(error)) throw new AppError('TEAMS_AUTH_UNAVAILABLE', 'Bot Framework tokens cannot be checked right now.', { status: 503, cause: error });
        logger.warn('teams.auth.refused', describe(error));
        throw new AppError('TEAMS_UNAUTHORIZED', 'Unauthorized: the Bot Framework token was not accepted.', { status: 401 });
      }
    }
    await adapter.process({ method: req.method, headers: req.headers, body: activity }, res, (context) => bot.run(context));
  }

  async function sendProactive(reference: Record<string, unknown>, replies: Reply[]): Promise<void> {
    const stored = parseConversationReference(reference);
    if (replies.length === 0) return;
    // The checked fields are the ones botbuilder needs; the rest is the reference botbuilder itself produced.
    const target = stored as unknown as Partial<ConversationReference>;
    let failure: unknown;
    try {
      await adapter.continueConversationAsync(appId, target, async (context) => {
        // Caught here rather than in onTurnError, which would swallow it and apologise to the customer instead.
        try {
          // botbuilder would address the messages as replies to its own synthetic continuation event (a random id);
          // without an id they are posted as new messages in the conversation (POST /v3/conversations/:id/activities).
          delete context.activity.id;
          await context.sendActivities(replies.map(toActivity));
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) {
      logger.warn('teams.proactive.failed', { ...describe(failure), conversationId: stored.conversation.id });
      throw new AppError('TEAMS_SEND_FAILED', 'The message could not be delivered to Microsoft Teams.', { status: 502, cause: failure });
    }
    logger.debug('teams.proactive.sent', { conversationId: stored.conversation.id, replies: replies.length });
  }

  return { handle, sendProactive, authEnabled };
}
