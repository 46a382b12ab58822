// The customer turn, end to end: identify → understand → context → decide → reply → record.
// Channel-neutral: adapters hand in an IncomingMessage and send the TurnResult's replies back.
import { AppError } from '../app-error.js';
import { directOfferAccounts, type OfferAccounts } from '../crm/applied-offers.js';
import type { CustomerContext, CustomerInsights } from '../crm/types.js';
import { alreadyQueuedText, handoffPriority, positionSentence, queuePosition } from '../handoff/handoff-queue.js';
import { handoffReference, requestHandoff } from '../handoff/handoff-requests.js';
import type { HandoffDesk } from '../handoff/handoff-desk.js';
import { transition } from '../handoff/handoff-state.js';
import type { Logger } from '../logger.js';
import type { LanguageUnderstanding, NluResult } from '../nlu/types.js';
import { redactEntities, redactText } from '../security/redaction.js';
import { newId } from '../store/ids.js';
import type { Conversation, Customer, Interaction, Order, Store } from '../store/ports.js';
import { clarificationReply, resolveClarification, type ClarificationState } from './clarification.js';
import { decide, type Decision, type HandoffTriggers } from './policy.js';
import { boughtTogetherFor } from './product-question.js';
import type { ResponseRenderer } from './responses.js';
import { retentionTurn } from './retention-accept.js';
import { offerAnswerNlu, type OfferMark, type RetentionSettings } from './retention-turn.js';
import { emptyMessageReply, errorReply, fallbackReply } from './system-replies.js';
import type { IncomingMessage, Reply, TurnHandler, TurnResult } from './types.js';

/** Reply variant asking a web chat customer to sign in on the shop's site (see TurnDependencies.siteSignIn). */
const SITE_SIGN_IN_VARIANT = 'signedOutOnSite';

export interface TurnDependencies {
  store: Store;
  nlu: LanguageUnderstanding;
  insights: CustomerInsights;
  renderer: ResponseRenderer;
  /** An example message per intent, used as the value of "did you mean" buttons. */
  exampleFor: (intent: string) => string | undefined;
  logger: Logger;
  now?: () => Date;
  /** Mask e-mails and phone/card/account numbers in the stored customer text and entities. */
  redactStoredText?: boolean;
  /**
   * Web chat customers sign in on the shop's site (the demo's typed-in sign-in is off): a question that needs an
   * account is answered with the intent's `signedOutOnSite` replies, where it has them, instead of "type your id".
   */
  siteSignIn?: boolean;
  /** When the bot hands a conversation to a person without being asked. */
  handoffTriggers?: HandoffTriggers;
  /** Retention offers and the high-value-at-risk trigger (dialogue/retention-turn.ts); absent = neither. */
  retention?: RetentionSettings;
  /** Where an accepted retention offer is applied to the account; absent = straight to `store`, no outbox. */
  offerAccounts?: OfferAccounts;
  /** Working hours, callback offers and wait estimates around a handoff; absent = always queue, no estimate. */
  handoffDesk?: HandoffDesk;
  /** Store reads that fell back to "nothing known" during this turn because the store was unreachable. */
  degradedReads?: () => ReadonlySet<string>;
  /** Said instead of "please sign in" when the customer named themselves but the store could not be read. */
  accountUnavailableReply?: Reply;
}

interface Outcome {
  nlu: NluResult;
  action: string;
  replies: Reply[];
  failed: boolean;
  /** A retention offer made this turn, or the customer's answer to one. */
  offer?: OfferMark;
  clarification?: ClarificationState;
  /** What was known about the customer this turn (segment and churn risk are recorded with the message). */
  context?: CustomerContext | null;
}

export const RELAYED_TO_AGENT = 'relayed_to_agent';

const EMPTY_NLU: NluResult = { intent: null, confidence: 0, ranking: [], entities: [] };

async function ensureConversation(store: Store, message: IncomingMessage, now: Date): Promise<Conversation> {
  const existing = await store.conversations.get(message.conversationId);
  if (existing) return existing;
  const conversation: Conversation = {
    id: message.conversationId,
    channel: message.channel,
    reference: message.reference,
    state: 'bot',
    failedTurns: 0,
    startedAt: now.toISOString(),
    lastMessageAt: now.toISOString(),
  };
  await store.conversations.create(conversation);
  return conversation;
}

/** Who is writing: the customer the channel names, else whoever the conversation already belongs to. */
async function identify(store: Store, message: IncomingMessage, conversation: Conversation): Promise<Customer | null> {
  if (message.userRef) {
    const customer = await store.customers.findByRef(message.userRef);
    if (customer && conversation.customerId && customer.id !== conversation.customerId) {
      throw new AppError('CUSTOMER_CHANGED', 'This conversation belongs to another customer; start a new conversation to sign in again.', { status: 409 });
    }
    if (customer) return customer;
  }
  return conversation.customerId ? store.customers.get(conversation.customerId) : null;
}

async function findMentionedOrder(store: Store, nlu: NluResult, customer: Customer | null): Promise<Order | null> {
  const id = nlu.entities.find((e) => e.type === 'orderId')?.value;
  if (!id || !customer) return null;
  const order = await store.orders.get(id);
  return order && order.customerId === customer.id ? order : null;
}

export function createTurnHandler(deps: TurnDependencies): TurnHandler {
  const { store, nlu, insights, renderer, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const storedText = (text: string) => (deps.redactStoredText ? redactText(text) : text);
  const offerAccounts = deps.offerAccounts ?? directOfferAccounts(store, now);

  async function respond(decision: Decision, conversation: Conversation, context: CustomerContext | null, result: NluResult, turn: number): Promise<Reply[]> {
    if (decision.clarify) return [clarificationReply(decision.clarify, renderer)];
    if (decision.intent === null) {
      return [fallbackReply(result.ranking, conversation.failedTurns, renderer, deps.exampleFor)];
    }
    const slots = { ...decision.slots };
    let position: number | null = null;
    let estimate = '';
    if (decision.handoff && deps.handoffDesk && conversation.state === 'bot' && !deps.handoffDesk.isOpen(now())) {
      return [await deps.handoffDesk.offerCallback(conversation, { ...decision.handoff, priority: handoffPriority(context) }, now())];
    }
    if (decision.handoff) {
      const handoff = await requestHandoff(store, conversation, { ...decision.handoff, priority: handoffPriority(context) }, now());
      slots.handoffId = handoffReference(handoff);
      position = await queuePosition(store, conversation.id);
      estimate = position !== null && deps.handoffDesk ? ` ${(await deps.handoffDesk.estimate(position)).text}` : '';
      // Asking again while waiting: say where they stand instead of pretending to queue them anew.
      if (conversation.state === 'queued' && decision.intent === 'human_agent') return [{ text: `${alreadyQueuedText(slots.handoffId, position)}${estimate}` }];
    }
    const onSite = decision.action === 'sign_in_required' && deps.siteSignIn === true && conversation.channel === 'webchat' && renderer.hasVariant(decision.intent, SITE_SIGN_IN_VARIANT);
    const rendered = renderer.render(decision.intent, onSite ? SITE_SIGN_IN_VARIANT : decision.variant, slots, turn) ?? errorReply.text;
    const text = position === null ? rendered : `${rendered} ${positionSentence(position)}${estimate}`;
    const suggestions = renderer.suggestions(decision.intent).map((s) => ({ title: s, value: s }));
    const first: Reply = { text, ...(suggestions.length > 0 && decision.cards.length === 0 ? { suggestedActions: suggestions } : {}) };
    const cardReplies = decision.cards.map((card, i) => ({
      text: '',
      card,
      ...(i === decision.cards.length - 1 && suggestions.length > 0 ? { suggestedActions: suggestions } : {}),
    }));
    return [first, ...cardReplies];
  }

  async function understandAndAnswer(message: IncomingMessage, conversation: Conversation, customer: Customer | null, turn: number): Promise<Outcome> {
    if (message.text.trim() === '') return { nlu: EMPTY_NLU, action: 'empty', replies: [emptyMessageReply], failed: false };
    const understood = await nlu.understand(message.text);
    const { nlu: result, state: clarification } = resolveClarification(understood, message.text, conversation.clarification, renderer);
    const context: CustomerContext | null = customer ? await insights.contextFor(customer.id) : null;
    const mentionedOrder = await findMentionedOrder(store, result, customer);
    const answerable = (intent: string) => renderer.description(intent) !== undefined;
    const boughtTogether = boughtTogetherFor(insights, result);
    // Without a known customer the retention step decides nothing, so the history is not read.
    const retention = deps.retention
      ? await retentionTurn({ text: message.text, nlu: result, context, history: context ? await store.interactions.listByConversation(conversation.id) : [], settings: deps.retention, conversationId: conversation.id, unreadable: deps.degradedReads?.() }, offerAccounts, now())
      : null;
    const nluRecorded = retention?.offer && retention.offer.status !== 'offered' ? offerAnswerNlu(result) : result;
    if (retention?.kind === 'reply') return { nlu: nluRecorded, action: 'retain', replies: retention.replies, failed: false, clarification, context, ...(retention.offer ? { offer: retention.offer } : {}) };
    const decision = retention?.decision ?? decide({ nlu: result, conversation, context, mentionedOrder, triggers: deps.handoffTriggers, answerable, boughtTogether });
    const replies = await respond(decision, conversation, context, result, turn);
    return { nlu: nluRecorded, action: decision.action, replies, failed: decision.action === 'fallback', clarification, context, ...(retention?.offer ? { offer: retention.offer } : {}) };
  }

  /** A person holds the conversation: the bot stays silent and only records the message for the agent. */
  async function relayToAgent(message: IncomingMessage, conversation: Conversation, customer: Customer | null, receivedAt: Date, started: number): Promise<TurnResult> {
    const customerId = customer?.id ?? conversation.customerId;
    const inbound: Interaction = {
      id: newId(receivedAt.getTime()),
      conversationId: conversation.id,
      channel: message.channel,
      customerId,
      sender: 'customer',
      text: storedText(message.text),
      at: receivedAt.toISOString(),
      action: RELAYED_TO_AGENT,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
    };
    await store.interactions.append(inbound);
    await store.conversations.update(conversation.id, {
      customerId,
      lastMessageAt: inbound.at,
      ...(message.reference ? { reference: message.reference } : {}),
    });
    logger.info('dialogue.turn.relayed', { conversationId: conversation.id, channel: message.channel });
    return { conversationId: conversation.id, customerId, replies: [], intent: null, confidence: 0, action: RELAYED_TO_AGENT, interactionId: inbound.id, cursor: inbound.id };
  }

  /** The customer writes again after an agent closed the conversation: the bot takes it up afresh. */
  async function reopen(conversation: Conversation): Promise<Conversation> {
    const patch = { state: transition(conversation.state, 'reopen'), assignedAgent: undefined, failedTurns: 0 };
    return (await store.conversations.update(conversation.id, patch, { state: 'closed' })) ?? (await store.conversations.get(conversation.id)) ?? conversation;
  }

  return async function handleTurn(message: IncomingMessage): Promise<TurnResult> {
    const started = performance.now();
    const receivedAt = now();
    const opened = await ensureConversation(store, message, receivedAt);
    const conversation = opened.state === 'closed' ? await reopen(opened) : opened;
    const customer = await identify(store, message, conversation);
    if (conversation.state === 'assigned') return relayToAgent(message, conversation, customer, receivedAt, started);
    const turn = await store.interactions.count({ conversationId: conversation.id, sender: 'customer' });

    let outcome: Outcome;
    try {
      const callback = deps.handoffDesk && conversation.state === 'bot' ? await deps.handoffDesk.captureContact(conversation, message.text, receivedAt) : null;
      outcome = callback ? { nlu: EMPTY_NLU, action: 'callback_request', replies: [callback], failed: false } : await understandAndAnswer(message, { ...conversation, customerId: customer?.id ?? conversation.customerId }, customer, turn);
    } catch (error) {
      logger.error('dialogue.turn.failed', { conversationId: conversation.id, code: (error as { code?: string }).code, err: error });
      outcome = { nlu: EMPTY_NLU, action: 'error', replies: [errorReply], failed: true };
    }
    const unreadable = deps.degradedReads?.() ?? new Set<string>();
    if (outcome.action === 'sign_in_required' && (message.userRef || conversation.customerId) && deps.accountUnavailableReply
      && (unreadable.has('customers.findByRef') || unreadable.has('customers.get'))) {
      outcome = { ...outcome, action: 'account_unavailable', replies: [deps.accountUnavailableReply] };
    }
    const latencyMs = Math.round((performance.now() - started) * 100) / 100;

    const base = { conversationId: conversation.id, channel: message.channel, customerId: customer?.id };
    const inbound: Interaction = {
      ...base,
      id: newId(receivedAt.getTime()),
      sender: 'customer',
      text: storedText(message.text),
      at: receivedAt.toISOString(),
      intent: outcome.nlu.intent ?? undefined,
      confidence: outcome.nlu.confidence,
      ranking: outcome.nlu.ranking.slice(0, 3),
      entities: deps.redactStoredText ? redactEntities(outcome.nlu.entities) : outcome.nlu.entities,
      action: outcome.action,
      latencyMs,
      ...(outcome.offer && outcome.offer.status !== 'offered' ? { offer: outcome.offer } : {}),
      ...(outcome.context?.profile?.rfm ? { segment: outcome.context.profile.rfm.segment } : {}),
      ...(outcome.context?.churn ? { churnRisk: outcome.context.churn.probability } : {}),
    };
    const repliedAt = now();
    const outbound: Interaction[] = outcome.replies.map((reply, i) => ({
      ...base,
      id: newId(repliedAt.getTime()),
      sender: 'bot',
      text: reply.text,
      at: repliedAt.toISOString(),
      action: outcome.action,
      inReplyTo: inbound.id,
      ...(i === 0 && outcome.offer?.status === 'offered' ? { offer: outcome.offer } : {}),
      ...(reply.card || reply.suggestedActions ? { payload: { card: reply.card, suggestedActions: reply.suggestedActions } } : {}),
    }));
    // One write for the message and its replies (the embedded store appends to its file once instead of per reply).
    await store.interactions.appendMany([inbound, ...outbound]);
    await store.conversations.update(conversation.id, {
      customerId: customer?.id ?? conversation.customerId,
      lastIntent: outcome.nlu.intent ?? conversation.lastIntent,
      clarification: outcome.clarification,
      failedTurns: outcome.failed ? conversation.failedTurns + 1 : 0,
      lastMessageAt: repliedAt.toISOString(),
      ...(message.reference ? { reference: message.reference } : {}),
    });
    logger.info('dialogue.turn.done', { conversationId: conversation.id, channel: message.channel, intent: inbound.intent, action: outcome.action, latencyMs });

    return {
      conversationId: conversation.id,
      customerId: customer?.id,
      replies: outcome.replies,
      intent: outcome.nlu.intent,
      confidence: outcome.nlu.confidence,
      action: outcome.action,
      interactionId: inbound.id,
      cursor: outbound.at(-1)?.id ?? inbound.id,
    };
  };
}
