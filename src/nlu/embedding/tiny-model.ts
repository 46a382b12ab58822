// Writes a tiny BERT-shaped sentence encoder (a few tens of KB, seeded random weights) in the directory layout
// @xenova/transformers loads: config.json, tokenizer.json (WordPiece), tokenizer_config.json and
// onnx/model_quantized.onnx + onnx/model.onnx. No pretrained weights can be downloaded on the build machines, so
// tests (and a dry run of the encoder path in nlu-eval / bench:nlu) use this. Its embeddings carry word-piece
// identity only; they are not meant to be good, only real: the same tokenizer, ONNX runtime and pooling as a real
// model. Run directly: `npx tsx src/nlu/embedding/tiny-model.ts <dir>`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32 } from '../lexical/seeded-random.js';
import { encodeOnnxModel, ONNX_FLOAT, ONNX_INT64 } from './onnx-writer.js';

export interface TinyModelOptions {
  hiddenSize: number;
  seed: number;
}

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = ['i', 'my', 'the', 'a', 'to', 'is', 'card', 'account', 'money', 'order', 'refund', 'payment', 'how', 'what', 'why', 'can', 'you', 'help', 'cancel', 'password'];
const CHARS = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
const PUNCT = [...'.,?!\'"-:;/()@#$%&*+='];

/** The vocabulary: specials, some whole words, single characters and their ## continuations (so nothing is UNK). */
export function tinyVocabulary(): string[] {
  return [...SPECIALS, ...WORDS, ...CHARS, ...PUNCT, ...CHARS.map((c) => `##${c}`)];
}

function tokenizerJson(vocab: string[]): unknown {
  const id = (t: string) => vocab.indexOf(t);
  const special = (t: string) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((t, i) => [t, i])) },
  };
}

/**
 * The graph: hidden = tanh((wordEmb[input_ids] + typeEmb[token_type_ids]) · W) · attention_mask, output
 * `last_hidden_state` [batch, seq, hidden] — the inputs and output a BERT export has.
 */
function onnxModel(vocabSize: number, hidden: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const gaussianish = (n: number, scale: number) => Float32Array.from({ length: n }, () => (random() + random() + random() - 1.5) * scale);
  return encodeOnnxModel({
    name: 'tiny-bert',
    opset: 13,
    initializers: [
      { name: 'word_embeddings', dims: [vocabSize, hidden], values: gaussianish(vocabSize * hidden, 1) },
      { name: 'token_type_embeddings', dims: [2, hidden], values: gaussianish(2 * hidden, 0.1) },
      { name: 'mix', dims: [hidden, hidden], values: gaussianish(hidden * hidden, 1 / Math.sqrt(hidden)) },
      { name: 'last_axis', dims: [1], values: BigInt64Array.from([-1n]) },
    ],
    nodes: [
      { opType: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['words'], intAttributes: { axis: 0 } },
      { opType: 'Gather', inputs: ['token_type_embeddings', 'token_type_ids'], outputs: ['types'], intAttributes: { axis: 0 } },
      { opType: 'Add', inputs: ['words', 'types'], outputs: ['summed'] },
      { opType: 'MatMul', inputs: ['summed', 'mix'], outputs: ['mixed'] },
      { opType: 'Tanh', inputs: ['mixed'], outputs: ['activated'] },
      { opType: 'Cast', inputs: ['attention_mask'], outputs: ['mask_float'], intAttributes: { to: ONNX_FLOAT } },
      { opType: 'Unsqueeze', inputs: ['mask_float', 'last_axis'], outputs: ['mask_3d'] },
      { opType: 'Mul', inputs: ['activated', 'mask_3d'], outputs: ['last_hidden_state'] },
    ],
    inputs: ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({ name, elemType: ONNX_INT64, shape: ['batch_size', 'sequence_length'] })),
    outputs: [{ name: 'last_hidden_state', elemType: ONNX_FLOAT, shape: ['batch_size', 'sequence_length', hidden] }],
  });
}

/** Writes the model files into `dir` (created if missing) and returns the directory. */
export function writeTinyEncoderModel(dir: string, options: Partial<TinyModelOptions> = {}): string {
  const { hiddenSize, seed } = { hiddenSize: 32, seed: 7, ...options };
  const vocab = tinyVocabulary();
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const config = {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: hiddenSize,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: hiddenSize,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: vocab.length,
    pad_token_id: 0,
  };
  const tokenizerConfig = { tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 128, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig, null, 2));
  const onnx = onnxModel(vocab.length, hiddenSize, seed);
  // Not actually quantized: the file name is the one the library loads by default.
  writeFileSync(join(dir, 'onnx', 'model_quantized.onnx'), onnx);
  writeFileSync(join(dir, 'onnx', 'model.onnx'), onnx);
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: tsx src/nlu/embedding/tiny-model.ts <output dir>\n');
    process.exit(2);
  }
  process.stdout.write(`wrote ${writeTinyEncoderModel(dir)}\n`);
}
