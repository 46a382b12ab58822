// The transformer encoder on the tiny BERT-shaped model the project writes (real tokenizer, real ONNX runtime).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dot } from '../../../src/nlu/embedding/encoder.js';
import { writeTinyEncoderModel } from '../../../src/nlu/embedding/tiny-model.js';
import { loadEncoderFromDirectory, TransformerEncoder } from '../../../src/nlu/embedding/transformer-encoder.js';

let root: string;
let encoder: TransformerEncoder;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tiny-encoder-'));
  writeTinyEncoderModel(join(root, 'test', 'tiny-bert'), { hiddenSize: 24 });
  encoder = await TransformerEncoder.load({ modelDir: root, model: 'test/tiny-bert', batchSize: 4 });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const norm = (v: Float32Array) => Math.sqrt(dot(v, v));

describe('TransformerEncoder on the tiny model', () => {
  it('gives one L2-normalised vector of the model width per text', async () => {
    expect(encoder.dim).toBe(24);
    expect(encoder.name).toBe('test/tiny-bert');
    const vectors = await encoder.embed(['where is my card?', 'I want a refund', 'Ünïcödé ☕ text', '']);
    expect(vectors).toHaveLength(4);
    for (const v of vectors.slice(0, 3)) {
      expect(v).toHaveLength(24);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic and the same alone as in a padded batch', async () => {
    const fresh = await loadEncoderFromDirectory(join(root, 'test', 'tiny-bert'), { cacheSize: 0 });
    const [alone] = await fresh.embed(['cancel my order please']);
    const [inBatch] = await fresh.embed(['cancel my order please', 'a much longer sentence that forces padding of the first one']);
    const [again] = await encoder.embed(['cancel my order please']);
    for (let d = 0; d < 24; d++) {
      expect(inBatch![d]).toBeCloseTo(alone![d]!, 5);
      expect(again![d]).toBeCloseTo(alone![d]!, 5);
    }
    // Different texts give different vectors.
    const [other] = await fresh.embed(['reset my password']);
    expect(dot(other!, alone!)).toBeLessThan(0.999);
  });

  it('caches by text and splits the misses into batches', async () => {
    const e = await TransformerEncoder.load({ modelDir: root, model: 'test/tiny-bert', batchSize: 4 });
    const texts = Array.from({ length: 10 }, (_, i) => `message number ${i}`);
    const first = await e.embed(texts);
    expect(e.stats).toEqual({ cacheHits: 0, cacheMisses: 10, batches: 3 });
    const second = await e.embed([...texts.slice(0, 5), 'something new']);
    expect(e.stats).toEqual({ cacheHits: 5, cacheMisses: 11, batches: 4 });
    expect(second[0]).toBe(first[0]);
  });

  it('names the directory and the missing files when the model is absent', async () => {
    await expect(TransformerEncoder.load({ modelDir: root, model: 'nope/missing' })).rejects.toMatchObject({ code: 'ENCODER_NOT_FOUND', message: expect.stringContaining('onnx/model_quantized.onnx') });
  });

  it('reports a broken model file as ENCODER_INVALID', async () => {
    const dir = join(root, 'broken', 'model');
    writeTinyEncoderModel(dir);
    writeFileSync(join(dir, 'onnx', 'model_quantized.onnx'), 'not an onnx file');
    await expect(TransformerEncoder.load({ modelDir: join(root, 'broken'), model: 'model' })).rejects.toMatchObject({ code: 'ENCODER_INVALID' });
  });
});
