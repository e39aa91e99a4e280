/**
 * A tiny ONNX graph builder: declare inputs, add operator nodes, mark outputs, and encode the ModelProto.
 * Field numbers are those of onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto,
 * ValueInfoProto, TypeProto, TensorShapeProto, TensorProto, OperatorSetIdProto).
 */
import { ProtoWriter } from './protobuf';

/** ONNX TensorProto.DataType values: FLOAT (float32) and DOUBLE (float64). */
export const FLOAT = 1;
export const DOUBLE = 11;
/** AttributeProto.AttributeType values. */
const ATTR = { FLOAT: 1, INT: 2, INTS: 7 } as const;

/** A dimension: a fixed size, or a name for a size chosen at run time (e.g. the batch size 'B'). */
export type Dim = number | string;
/** An attribute value: an int, a list of ints, or a float (written as `{ f: x }`). */
export type Attr = number | number[] | { f: number };

/** Accumulates nodes; names of intermediate values are generated (`t0`, `t1`, …). */
export class GraphBuilder {
  private nodes: ProtoWriter[] = [];
  private inputs: ProtoWriter[] = [];
  private outputs: ProtoWriter[] = [];
  private initializers: ProtoWriter[] = [];
  private counter = 0;

  /** Declares a float input of the given shape and returns its name. */
  input(name: string, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  /** A small float constant stored in the model. */
  constant(name: string, values: number[], dims: number[]): string {
    const t = new ProtoWriter();
    for (const d of dims) t.int(1, d);
    t.int(2, FLOAT).string(8, name).bytes(9, new Uint8Array(Float32Array.from(values).buffer));
    this.initializers.push(t);
    return name;
  }

  /** Adds a node `opType(inputs; attrs)` and returns the name of its (single) output, or `outName` if given. */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, outName?: string): string {
    const out = outName ?? `t${this.counter++}`;
    const n = new ProtoWriter();
    for (const i of inputs) n.string(1, i);
    n.string(2, out).string(3, `${opType}_${out}`).string(4, opType);
    for (const [name, v] of Object.entries(attrs)) {
      const a = new ProtoWriter().string(1, name);
      if (typeof v === 'number') a.int(3, v).int(20, ATTR.INT);
      else if (Array.isArray(v)) {
        for (const x of v) a.int(8, x);
        a.int(20, ATTR.INTS);
      } else a.float(2, v.f).int(20, ATTR.FLOAT);
      n.message(5, a);
    }
    this.nodes.push(n);
    return out;
  }

  /** Marks `value` as a graph output named `name` (adding an Identity node when the names differ); float32 unless `elemType` says DOUBLE. */
  output(name: string, value: string, dims: Dim[], elemType: number = FLOAT): void {
    if (value !== name) this.op('Identity', [value], {}, name);
    this.outputs.push(valueInfo(name, dims, elemType));
  }

  /** The serialised ModelProto (IR version 8, default-domain opset 13). */
  toModel(graphName: string): Uint8Array {
    const g = new ProtoWriter();
    for (const n of this.nodes) g.message(1, n);
    g.string(2, graphName);
    for (const t of this.initializers) g.message(5, t);
    for (const i of this.inputs) g.message(11, i);
    for (const o of this.outputs) g.message(12, o);
    return new ProtoWriter()
      .int(1, 8) // ir_version
      .string(2, 'rbm-music')
      .message(7, g)
      .message(8, new ProtoWriter().string(1, '').int(2, 13)) // opset_import: ai.onnx v13
      .finish();
  }
}

/** ValueInfoProto for a tensor of the given shape (float32 unless `elemType` says otherwise). */
function valueInfo(name: string, dims: Dim[], elemType: number = FLOAT): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of dims) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, elemType).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}
