// Applying an accepted retention offer to the customer's account through the same reliability path as the turn's
// other writes: straight to the store when it answers; during an outage into the durable outbox (fsync'd before the
// customer is answered), which the drainer writes onto the record once the store is back. Only when neither works
// does accept() throw, and the bot tells the customer it could not be applied (dialogue/retention-accept.ts).
import { AppError } from '../app-error.js';
import { applyOfferToAccount, sameAcceptance, type OfferAccounts } from '../crm/applied-offers.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/ports.js';
import type { OutboxDrainer } from './outbox-drainer.js';
import type { FileOutbox } from './outbox.js';
import { isOutage } from './store-guard.js';

export interface ReliableOfferOptions {
  /** The guarded store (not the turn's degraded view, whose reads answer "no customer" during an outage). */
  store: Store;
  outbox: FileOutbox;
  drainer: OutboxDrainer;
  logger: Logger;
  now?: () => Date;
}

export function reliableOfferAccounts(options: ReliableOfferOptions): OfferAccounts {
  const { store, outbox, drainer, logger } = options;
  const now = options.now ?? (() => new Date());
  return {
    async accept(customerId, offer) {
      if (outbox.offersOf(customerId).some((o) => sameAcceptance(o, offer))) return 'already';
      try {
        const outcome = await applyOfferToAccount(store, customerId, offer, now());
        logger.info('retention.offer.applied', { offerId: offer.id, outcome });
        return outcome;
      } catch (error) {
        if (!isOutage(error)) {
          logger.error('retention.offer.failed', { offerId: offer.id, code: error instanceof AppError ? error.code : undefined, err: error });
          throw error;
        }
        try {
          outbox.add({ kind: 'appliedOffer', doc: { id: `${offer.id}:${offer.conversationId}`, customerId, offer } });
        } catch (diskError) {
          logger.error('retention.offer.lost', { offerId: offer.id, err: diskError });
          throw new AppError('OFFER_NOT_APPLIED', 'The offer could not be applied or kept for later.', { status: 503, cause: diskError });
        }
        drainer.kick();
        logger.warn('retention.offer.queued', { offerId: offer.id, depth: outbox.depth });
        return 'queued';
      }
    },
    pending: (customerId) => outbox.offersOf(customerId),
  };
}
