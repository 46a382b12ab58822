// The retraining loop's HTTP surface: staff label utterances with the intent they should have had, see the live
// model, and (admins) retrain it from intents/ plus the labels. The model is swapped in place on success.
import { Router, type Request } from 'express';
import { z } from 'zod';
import { AppError } from '../app-error.js';
import type { RetrainService } from '../nlu/live/retrain-service.js';
import { newId } from '../store/ids.js';
import type { TrainingLabel, TrainingLabelStore } from '../store/ports.js';
import { requireRole } from './auth.js';
import { parseInput } from './validation.js';

export const MAX_LABEL_TEXT_CHARS = 500;
/** An existing intent or a new one; the same shape as the names in intents/*.yaml. */
export const INTENT_NAME = /^[a-z][a-z0-9_]{1,48}$/;

const labelSchema = z.object({
  text: z
    .string()
    .min(1, 'must not be empty')
    .max(MAX_LABEL_TEXT_CHARS, `at most ${MAX_LABEL_TEXT_CHARS} characters`)
    .refine((t) => t.trim() !== '', 'must not be blank'),
  intent: z.string().regex(INTENT_NAME, 'an intent name: lower-case letter first, then 1–48 lower-case letters, digits or _'),
  interactionId: z.string().min(1).max(100).optional(),
});
const paramsSchema = z.object({ id: z.string().min(1).max(100) });

export interface TrainingRoutesDependencies {
  labels: TrainingLabelStore;
  service: RetrainService;
  /** What the live model makes of a text: its intent, or null when it rejects it as out of scope. */
  classify: (text: string) => Promise<string | null>;
  now?: () => Date;
}

function userOf(req: Request): string {
  if (!req.session) throw new AppError('UNAUTHENTICATED', 'Sign in first.', { status: 401 });
  return req.session.username;
}

export function trainingRoutes(deps: TrainingRoutesDependencies): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const staff = requireRole('agent', 'manager', 'admin');

  router.post('/api/training/labels', staff, async (req, res) => {
    const body = parseInput(labelSchema, req.body, 'body');
    const at = now();
    // The store has no look-up of one interaction by id, so the prediction is the live model's, made now.
    const predicted = await deps.classify(body.text);
    const label: TrainingLabel = {
      id: newId(at.getTime()),
      text: body.text.trim(),
      intent: body.intent,
      ...(body.interactionId ? { interactionId: body.interactionId } : {}),
      predictedIntent: predicted ?? 'oos',
      createdBy: userOf(req),
      createdAt: at.toISOString(),
    };
    await deps.labels.add(label);
    res.status(201).json({ label });
  });

  router.get('/api/training/labels', staff, async (_req, res) => {
    res.json({ labels: await deps.labels.list() });
  });

  router.delete('/api/training/labels/:id', requireRole('manager', 'admin'), async (req, res) => {
    const { id } = parseInput(paramsSchema, req.params, 'params');
    if (!(await deps.labels.remove(id))) throw new AppError('LABEL_NOT_FOUND', 'No such label.', { status: 404 });
    res.status(204).end();
  });

  router.get('/api/training/model', staff, async (_req, res) => {
    res.json(await deps.service.status());
  });

  router.post('/api/training/retrain', requireRole('admin'), async (_req, res) => {
    res.json(await deps.service.retrain());
  });

  return router;
}
