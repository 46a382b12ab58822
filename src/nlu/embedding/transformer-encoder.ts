// The sentence encoder on @xenova/transformers (the only file importing it): a BERT-style ONNX model from a local
// directory (MODEL_DIR/ENCODER_MODEL, see models/README.md) or, when allowed, the Hugging Face hub; mean pooling
// over the attention mask, L2 normalisation, batches, an LRU cache of embeddings and a timeout on every call.
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../../app-error.js';
import { LruCache, meanPoolNormalised, withTimeout, type Encoder } from './encoder.js';

export interface TransformerEncoderOptions {
  /** Root of local models: the files live in modelDir/model (e.g. models/encoder/Xenova/all-MiniLM-L6-v2). */
  modelDir: string;
  /** Model id, e.g. Xenova/all-MiniLM-L6-v2. */
  model: string;
  /** Download the model from the hub (into modelDir) when it is not there. */
  allowRemote: boolean;
  /** Load onnx/model_quantized.onnx (true) or onnx/model.onnx. */
  quantized: boolean;
  batchSize: number;
  /** Embeddings kept in memory, by text. */
  cacheSize: number;
  /** Longest wait for one load or embed call. */
  timeoutMs: number;
  /** Tokens per text after truncation. */
  maxLength: number;
}

export const DEFAULT_ENCODER_OPTIONS: Omit<TransformerEncoderOptions, 'modelDir' | 'model'> = {
  allowRemote: false,
  quantized: true,
  batchSize: 32,
  cacheSize: 10_000,
  timeoutMs: 30_000,
  maxLength: 128,
};

/** What the library hands back; typed here so the rest of the file stays free of `any`. */
interface TokenizerLike {
  (texts: string[], options: { padding: boolean; truncation: boolean; max_length: number }): Record<string, { dims: number[]; data: ArrayLike<number | bigint> }>;
}
interface ModelLike {
  (inputs: Record<string, unknown>): Promise<Record<string, { dims: number[]; data: ArrayLike<number> } | undefined>>;
}

export interface EncoderStats {
  cacheHits: number;
  cacheMisses: number;
  batches: number;
}

/** The files a local model directory must hold. */
export function requiredModelFiles(quantized: boolean): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', join('onnx', quantized ? 'model_quantized.onnx' : 'model.onnx')];
}

export class TransformerEncoder implements Encoder {
  readonly stats: EncoderStats = { cacheHits: 0, cacheMisses: 0, batches: 0 };
  private readonly cache: LruCache<string, Float32Array>;

  private constructor(
    readonly name: string,
    readonly dim: number,
    private readonly tokenizer: TokenizerLike,
    private readonly model: ModelLike,
    private readonly options: TransformerEncoderOptions,
  ) {
    this.cache = new LruCache(options.cacheSize);
  }

  /** Loads the tokenizer and ONNX model; AppError ENCODER_NOT_FOUND / ENCODER_INVALID / ENCODER_TIMEOUT otherwise. */
  static async load(options: Pick<TransformerEncoderOptions, 'modelDir' | 'model'> & Partial<TransformerEncoderOptions>): Promise<TransformerEncoder> {
    const opts: TransformerEncoderOptions = { ...DEFAULT_ENCODER_OPTIONS, ...options };
    const dir = join(opts.modelDir, opts.model);
    const missing = requiredModelFiles(opts.quantized).filter((f) => !existsSync(join(dir, f)));
    if (missing.length > 0 && !opts.allowRemote) {
      throw new AppError('ENCODER_NOT_FOUND', `Sentence encoder not found in ${dir} (missing ${missing.join(', ')}); install it as models/README.md describes, or run without the embedding member`, { status: 503 });
    }
    const load = async () => {
      const transformers = await import('@xenova/transformers');
      // The library's settings are process-wide; they are set right before each load.
      transformers.env.localModelPath = opts.modelDir.endsWith('/') ? opts.modelDir : `${opts.modelDir}/`;
      transformers.env.allowLocalModels = true;
      transformers.env.allowRemoteModels = opts.allowRemote;
      transformers.env.cacheDir = opts.modelDir;
      const tokenizer = (await transformers.AutoTokenizer.from_pretrained(opts.model)) as unknown as TokenizerLike;
      const model = (await transformers.AutoModel.from_pretrained(opts.model, { quantized: opts.quantized })) as unknown as ModelLike;
      return { tokenizer, model };
    };
    let loaded: { tokenizer: TokenizerLike; model: ModelLike };
    try {
      loaded = await withTimeout(load(), opts.timeoutMs, `loading the encoder from ${dir}`);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('ENCODER_INVALID', `Sentence encoder in ${dir} could not be loaded: ${error instanceof Error ? error.message : String(error)}`, { status: 503, cause: error });
    }
    const probe = await TransformerEncoder.run(loaded.tokenizer, loaded.model, ['probe'], opts.maxLength).catch((error: unknown) => {
      throw new AppError('ENCODER_INVALID', `Sentence encoder in ${dir} loaded but does not produce last_hidden_state: ${error instanceof Error ? error.message : String(error)}`, { status: 503, cause: error });
    });
    return new TransformerEncoder(opts.model, probe[0]!.length, loaded.tokenizer, loaded.model, opts);
  }

  private static async run(tokenizer: TokenizerLike, model: ModelLike, texts: string[], maxLength: number): Promise<Float32Array[]> {
    const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: maxLength });
    const output = await model(inputs);
    const hidden = output.last_hidden_state;
    const mask = inputs.attention_mask;
    if (!hidden || !mask) throw new Error('the model output has no last_hidden_state');
    return meanPoolNormalised(hidden.data, hidden.dims, mask.data);
  }

  /** Embeddings of the texts, same order; cached texts are not re-encoded, the rest go in batches. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: (Float32Array | undefined)[] = texts.map((t) => this.cache.get(t));
    const todo = [...new Set(texts.filter((_, i) => out[i] === undefined))];
    this.stats.cacheHits += texts.length - texts.filter((_, i) => out[i] === undefined).length;
    this.stats.cacheMisses += todo.length;
    const fresh = new Map<string, Float32Array>();
    for (let start = 0; start < todo.length; start += this.options.batchSize) {
      const batch = todo.slice(start, start + this.options.batchSize);
      this.stats.batches += 1;
      const vectors = await withTimeout(TransformerEncoder.run(this.tokenizer, this.model, batch, this.options.maxLength), this.options.timeoutMs, `embedding ${batch.length} texts`);
      batch.forEach((text, i) => {
        fresh.set(text, vectors[i]!);
        this.cache.set(text, vectors[i]!);
      });
    }
    return texts.map((t, i) => out[i] ?? fresh.get(t)!);
  }
}

/** Loads the encoder named by a full model directory (e.g. the CLI's --encoder-dir models/encoder/Xenova/all-MiniLM-L6-v2). */
export function loadEncoderFromDirectory(directory: string, options: Partial<TransformerEncoderOptions> = {}): Promise<TransformerEncoder> {
  const full = resolve(directory);
  return TransformerEncoder.load({ ...options, modelDir: dirname(full), model: basename(full) });
}
