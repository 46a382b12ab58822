// A minimal ONNX protobuf writer: just enough of ModelProto / GraphProto / NodeProto / TensorProto to write small
// models by hand (the tiny test encoder), since no ONNX tooling is installable here. Field numbers follow
// onnx/onnx.proto (IR version 8).

/** Protobuf wire encoding into a growing byte list. */
class ProtoWriter {
  private readonly bytes: number[] = [];

  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  private tag(field: number, wireType: 0 | 2): void {
    this.varint((field << 3) | wireType);
  }

  int(field: number, value: number): this {
    this.tag(field, 0);
    this.varint(value);
    return this;
  }

  bytesField(field: number, value: Uint8Array): this {
    this.tag(field, 2);
    this.varint(value.length);
    for (const b of value) this.bytes.push(b);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

export interface OnnxTensor {
  name: string;
  dims: number[];
  /** Row-major values: float32, or int64 (small constants such as Unsqueeze axes). */
  values: Float32Array | BigInt64Array;
}

export interface OnnxValueInfo {
  name: string;
  elemType: typeof ONNX_FLOAT | typeof ONNX_INT64;
  /** A number is a fixed size, a string a symbolic one ("batch"). */
  shape: (number | string)[];
}

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  /** Integer attributes only (all the tiny model needs). */
  intAttributes?: Record<string, number>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  opset: number;
}

function writeValueInfo(w: ProtoWriter, info: OnnxValueInfo): void {
  w.string(1, info.name).message(2, (type) =>
    type.message(1, (tensor) =>
      tensor.int(1, info.elemType).message(2, (shape) => {
        for (const d of info.shape) shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
      }),
    ),
  );
}

/** Serialises a graph as an ONNX ModelProto. */
export function encodeOnnxModel(graph: OnnxGraph): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, 8); // ir_version
  w.string(2, 'concierge-onnx-writer'); // producer_name
  w.message(7, (g) => {
    graph.nodes.forEach((node, i) => {
      g.message(1, (n) => {
        for (const input of node.inputs) n.string(1, input);
        for (const output of node.outputs) n.string(2, output);
        n.string(3, `${node.opType.toLowerCase()}_${i}`).string(4, node.opType);
        for (const [name, value] of Object.entries(node.intAttributes ?? {})) {
          n.message(5, (a) => a.string(1, name).int(3, value).int(20, 2)); // AttributeProto.INT = 2
        }
      });
    });
    g.string(2, graph.name);
    for (const t of graph.initializers) {
      g.message(5, (tensor) => {
        for (const d of t.dims) tensor.int(1, d);
        tensor.int(2, t.values instanceof Float32Array ? ONNX_FLOAT : ONNX_INT64).string(8, t.name);
        tensor.bytesField(9, new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength));
      });
    }
    for (const input of graph.inputs) g.message(11, (v) => writeValueInfo(v, input));
    for (const output of graph.outputs) g.message(12, (v) => writeValueInfo(v, output));
  });
  w.message(8, (op) => op.string(1, '').int(2, graph.opset)); // opset_import, default domain
  return w.finish();
}
