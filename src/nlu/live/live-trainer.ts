// The one place that picks the live intent trainer: the bot (src/app.ts), `npm run train` and the retrain API all
// call liveIntentTrainer(). The ensemble (lexical + own NB, weights learned on validation) replaced the lexical model;
// see models/README.md for the figures that decided it.
import { ensembleTrainer } from './ensemble-trainer.js';
import type { IntentTrainer } from './intent-trainer.js';

export function liveIntentTrainer(): IntentTrainer {
  return ensembleTrainer();
}
