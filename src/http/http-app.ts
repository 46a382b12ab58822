// The express application: parsers with limits, security headers, routes, static pages, the error boundary.
import express, { type RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import type { SessionTokens } from '../security/session-tokens.js';
import type { UserStore } from '../store/ports.js';
import type { WebChatChannel } from '../channels/webchat/webchat-channel.js';
import type { HandoffService } from '../handoff/handoff-service.js';
import type { CustomerInsights } from '../crm/types.js';
import type { Store } from '../store/ports.js';
import type { AgentPresence } from '../handoff/agent-presence.js';
import type { HandoffEvents } from '../handoff/handoff-events.js';
import type { SuggestReplies } from '../handoff/suggested-replies.js';
import { agentConsoleRoutes } from './agent-console-routes.js';
import { agentDeskRoutes } from './agent-desk-routes.js';
import { agentRoutes } from './agent-routes.js';
import type { AuditTrail } from '../security/audit-trail.js';
import { auditRoutes } from './audit-routes.js';
import { customerRoutes, type CustomerProfileReader } from './customer-routes.js';
import { sessionReader } from './auth.js';
import { authRoutes } from './auth-routes.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { healthRoutes, type ReadinessCheck } from './health-routes.js';
import { securityHeaders } from './security-headers.js';
import { createRateLimiter } from './rate-limit.js';
import { webChatRoutes } from './webchat-routes.js';
import { trainingRoutes, type TrainingRoutesDependencies } from './training-routes.js';
import { webChatPushRoute } from './webchat-push-route.js';
import { reportRoutes } from './report-routes.js';

export interface HttpAppDependencies {
  logger: Logger;
  users: UserStore;
  tokens: SessionTokens;
  webChat: WebChatChannel;
  /** The agents' API (/api/agent/*); absent when no handoff service is built. */
  handoffs?: HandoffService;
  /** The agent console's extras (customer panel, live events); needs `handoffs` too. */
  agentConsole?: { store: Store; insights: CustomerInsights; events: HandoffEvents; presence?: AgentPresence; suggestReplies?: SuggestReplies };
  /** GET /api/customers/:id/profile for staff; absent when no profile service is built. */
  customerProfiles?: { profiles: CustomerProfileReader };
  /** POST /api/messages for Bot Framework (Teams); absent when the channel is not built. */
  botFramework?: RequestHandler;
  /** Labels, model status and retraining (/api/training/*); absent when the app has no live model to retrain. */
  training?: TrainingRoutesDependencies;
  /** The managers' reports API (/api/reports/*); absent when not built. */
  reports?: { store: Store };
  readiness: ReadinessCheck[];
  staticDirs: { mount: string; dir: string }[];
  trustProxy: boolean;
  rateLimits: { perIpPerMinute: number; perConversationPerMinute: number };
  /** Who viewed or changed which customer; also serves GET /api/audit to admins. */
  audit?: { store: Store; trail: AuditTrail };
}

export const BODY_LIMIT = '64kb';

export function createHttpApp(deps: HttpAppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  if (deps.trustProxy) app.set('trust proxy', 1);
  app.use(securityHeaders());
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use(sessionReader(deps.tokens));

  app.use(healthRoutes(deps.readiness));
  app.use(authRoutes({ users: deps.users, tokens: deps.tokens, logger: deps.logger }));
  app.use(
    webChatRoutes(deps.webChat, {
      perIp: createRateLimiter(deps.rateLimits.perIpPerMinute, 'from your network address'),
      perConversation: createRateLimiter(deps.rateLimits.perConversationPerMinute, 'in this conversation'),
    }),
  );
  if (deps.agentConsole) app.use(webChatPushRoute({ channel: deps.webChat, events: deps.agentConsole.events, perIp: createRateLimiter(deps.rateLimits.perIpPerMinute, 'from your network address') }));
  if (deps.handoffs) app.use(agentRoutes(deps.handoffs, deps.audit?.trail));
  if (deps.handoffs && deps.agentConsole) app.use(agentConsoleRoutes({ handoffs: deps.handoffs, ...deps.agentConsole, audit: deps.audit?.trail }));
  if (deps.training) app.use(trainingRoutes(deps.training));
  if (deps.handoffs && deps.agentConsole) app.use(agentDeskRoutes({ handoffs: deps.handoffs, ...deps.agentConsole, audit: deps.audit?.trail }));
  if (deps.audit) app.use(auditRoutes({ audit: deps.audit.store.audit, trail: deps.audit.trail }));
  // Profiles are personal data: the route exists only where views can be audited.
  if (deps.customerProfiles && deps.audit) app.use(customerRoutes({ profiles: deps.customerProfiles.profiles, audit: deps.audit.trail }));
  if (deps.botFramework) app.post('/api/messages', deps.botFramework);
  if (deps.reports) app.use(reportRoutes({ store: deps.reports.store, logger: deps.logger }));
  for (const { mount, dir } of deps.staticDirs) app.use(mount, express.static(dir, { index: 'index.html', maxAge: '5m' }));

  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));
  return app;
}
