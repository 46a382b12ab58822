// 8-bit weights for the lexical model file: each feature's row of class weights is stored as int8 with one float32
// scale (max |w| / 127), a quarter of the float32 size. The error per weight is at most scale / 254, far below what
// changes a ranking (the accuracy gate checks the restored model, not the in-memory one).
import { z } from 'zod';
import { AppError } from '../../app-error.js';
import { base64ToFloat32, float32ToBase64 } from '../lexical/float-codec.js';
import type { LexicalModelJson } from '../lexical/linear-classifier.js';

const quantisedSchema = z
  .object({ intents: z.array(z.string()).min(1), weightsInt8: z.string(), weightScales: z.string() })
  .loose();

export type QuantisedLexicalJson = Omit<LexicalModelJson, 'weights'> & { weightsInt8: string; weightScales: string };

export function quantiseLexical(json: LexicalModelJson): QuantisedLexicalJson {
  const { weights: encoded, ...rest } = json;
  const weights = base64ToFloat32(encoded);
  const k = json.intents.length;
  const rows = weights.length / k;
  const scales = new Float32Array(rows);
  const q = new Int8Array(weights.length);
  for (let j = 0; j < rows; j++) {
    let max = 0;
    for (let c = 0; c < k; c++) max = Math.max(max, Math.abs(weights[j * k + c]!));
    const scale = max / 127;
    scales[j] = scale;
    for (let c = 0; c < k; c++) q[j * k + c] = scale === 0 ? 0 : Math.round(weights[j * k + c]! / scale);
  }
  return { ...rest, weightsInt8: Buffer.from(q.buffer).toString('base64'), weightScales: float32ToBase64(scales) };
}

/** Back to the float32 document LexicalClassifier.fromJSON reads; AppError MODEL_INVALID when the sizes disagree. */
export function dequantiseLexical(json: unknown): LexicalModelJson {
  const parsed = quantisedSchema.safeParse(json);
  if (!parsed.success) throw new AppError('MODEL_INVALID', `Intent model: quantised weights missing (${parsed.error.issues[0]?.message ?? 'invalid'})`, { status: 503 });
  const { weightsInt8, weightScales, ...rest } = parsed.data;
  const bytes = Buffer.from(weightsInt8, 'base64');
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const k = parsed.data.intents.length;
  const scales = base64ToFloat32(weightScales);
  if (scales.length * k !== q.length) throw new AppError('MODEL_INVALID', `Intent model: ${q.length} weights for ${scales.length} features × ${k} intents`, { status: 503 });
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * scales[Math.floor(i / k)]!;
  return { ...rest, weights: float32ToBase64(weights) } as unknown as LexicalModelJson;
}
