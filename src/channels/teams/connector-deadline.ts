// A deadline on every call botbuilder's ConnectorClient makes to the Bot Framework connector (replies, proactive sends).
import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../../logger.js';

/** Long enough for a slow connector, short enough that a stuck one cannot hold a turn (and Teams' request) open. */
export const DEFAULT_CONNECTOR_TIMEOUT_MS = 10_000;

const POLICY_NAME = 'conciergeConnectorDeadline';

/** The slice of @azure/core-rest-pipeline's request and pipeline this module touches. */
interface PipelineRequest {
  timeout: number;
  abortSignal?: AbortSignal;
}
interface Pipeline {
  addPolicy(policy: { name: string; sendRequest(request: PipelineRequest, next: (request: PipelineRequest) => Promise<unknown>): Promise<unknown> }): void;
  removePolicy(options: { name: string }): unknown;
}

/**
 * Why a middleware reaching into the client: the connector client has no timeout by default, so a connector that
 * accepts the connection and never answers would hold the turn forever. ConnectorClientOptions cannot fix that,
 * because botbuilder 4.23 replaces any `requestPolicyFactories` given to ConfigurationBotFrameworkAuthentication, and
 * a custom `httpClient` would lose the pipeline's proxy, retry and TLS handling. So each turn's ConnectorClient (one
 * per turn) gets one more policy in its @azure/core-rest-pipeline pipeline (its private `client.pipeline`; botbuilder
 * is out of servicing, so this internal will not move). The abort signal bounds the whole call, retries included;
 * the default retry policy stops at an abort.
 */
export function pipelineOf(connectorClient: unknown): Pipeline | undefined {
  const pipeline = (connectorClient as { client?: { pipeline?: Partial<Pipeline> } } | undefined)?.client?.pipeline;
  return typeof pipeline?.addPolicy === 'function' && typeof pipeline.removePolicy === 'function' ? (pipeline as Pipeline) : undefined;
}

export function addDeadline(pipeline: Pipeline, timeoutMs: number): void {
  pipeline.removePolicy({ name: POLICY_NAME });
  pipeline.addPolicy({
    name: POLICY_NAME,
    sendRequest(request, next) {
      const deadline = AbortSignal.timeout(timeoutMs);
      request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal, deadline]) : deadline;
      request.timeout = request.timeout > 0 ? Math.min(request.timeout, timeoutMs) : timeoutMs;
      return next(request);
    },
  });
}

/** Adapter middleware: runs first in every turn, inbound and proactive, before anything is sent. */
export function connectorDeadline(timeoutMs: number, logger: Logger): Middleware {
  let warned = false;
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const client: unknown = context.turnState.get(context.adapter.ConnectorClientKey);
      const pipeline = pipelineOf(client);
      if (pipeline) addDeadline(pipeline, timeoutMs);
      else if (client !== undefined && !warned) {
        warned = true;
        logger.warn('teams.connector.deadline_unavailable', { reason: 'ConnectorClient has no pipeline; outbound calls run without a deadline' });
      }
      await next();
    },
  };
}
