import type { DeployGraph } from '../../hardware/lowering/types.js';
import type { MemoryPlan } from '../../hardware/memory/plan.js';
import { activationRange, quantizeMultiplier } from '../../quantize/fixed-point.js';
import { addMultipliers } from '../../quantize/interpreter/add.js';
import { softmaxParams } from '../../quantize/interpreter/softmax.js';
import { paddingBefore } from '../../quantize/interpreter/tensor.js';
import type { QOp, QTensor, QuantModel } from '../../quantize/types.js';
import { DeployError } from '../errors.js';
import { kernelSource } from './kernels.js';

/** The op kinds the C generator emits. */
export const cOps: readonly QOp['kind'][] = ['conv2d', 'depthwiseConv2d', 'fullyConnected', 'maxPool2d', 'averagePool2d', 'add', 'concatenation', 'reshape', 'pad', 'relu', 'relu6', 'softmax'];

export interface GeneratedC {
  readonly header: string;
  readonly source: string;
  /** Bytes of the one static arena (the memory plan's). */
  readonly arenaBytes: number;
  /** Bytes of constant weights, biases and requantisation tables. */
  readonly constBytes: number;
}

interface Ctx {
  readonly model: QuantModel;
  readonly name: string;
  readonly offsetOf: Map<number, number>;
  readonly consts: string[];
  constBytes: number;
}

const elems = (t: QTensor): number => t.shape.reduce((p, d) => p * d, 1);
const zp = (t: QTensor): number => t.quant?.zeroPoint[0] ?? 0;
const scale = (t: QTensor): number => t.quant?.scale[0] ?? 1;

function constArray(ctx: Ctx, type: 'int8_t' | 'int32_t', ident: string, values: ArrayLike<number>): string {
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += 24) rows.push(Array.from({ length: Math.min(24, values.length - i) }, (_, k) => String(values[i + k])).join(', '));
  ctx.consts.push(`static const ${type} ${ident}[${Math.max(1, values.length)}] = {\n  ${rows.join(',\n  ') || '0'}\n};`);
  ctx.constBytes += values.length * (type === 'int8_t' ? 1 : 4);
  return ident;
}

const ptr = (ctx: Ctx, t: number): string => `(te_arena.bytes + ${ctx.offsetOf.get(t) as number})`;

function weighted(ctx: Ctx, op: QOp & { kind: 'conv2d' | 'depthwiseConv2d' | 'fullyConnected' }, k: number): string {
  const m = ctx.model;
  const [inT, wT, oT] = [m.tensors[op.inputs[0] as number]!, m.tensors[op.inputs[1] as number]!, m.tensors[op.output]!];
  const channels = op.kind === 'fullyConnected' ? (wT.shape[0] as number) : (oT.shape[3] as number);
  const per = (wT.quant?.scale.length ?? 1) > 1;
  const q = Array.from({ length: per ? channels : 1 }, (_, c) => quantizeMultiplier((scale(inT) * (wT.quant!.scale[per ? c : 0] as number)) / scale(oT)));
  const w = constArray(ctx, 'int8_t', `op${k}_w`, wT.data as Int8Array);
  const biasIndex = op.inputs[2] ?? -1;
  const b = biasIndex >= 0 ? constArray(ctx, 'int32_t', `op${k}_b`, m.tensors[biasIndex]!.data as Int32Array) : 'NULL';
  const mult = constArray(ctx, 'int32_t', `op${k}_m`, q.map((x) => x.multiplier));
  const shift = constArray(ctx, 'int32_t', `op${k}_s`, q.map((x) => x.shift));
  const r = activationRange(op.activation, scale(oT), zp(oT));
  if (op.kind === 'fullyConnected') {
    return `te_fully_connected(${ptr(ctx, op.inputs[0] as number)}, ${wT.shape[1]}, ${w}, ${b}, ${ptr(ctx, op.output)}, ${channels}, ${zp(inT)}, ${zp(oT)}, ${mult}, ${shift}, ${per ? 1 : 0}, ${r.min}, ${r.max});`;
  }
  const [ih, iw, ic] = inT.shape.slice(1) as [number, number, number];
  const [oh, ow] = oT.shape.slice(1) as [number, number];
  const [kh, kw] = wT.shape.slice(1, 3) as [number, number];
  const pt = paddingBefore(op.padding, ih, oh, op.strides[0], kh, op.dilation[0]);
  const pl = paddingBefore(op.padding, iw, ow, op.strides[1], kw, op.dilation[1]);
  const last = op.kind === 'conv2d' ? wT.shape[3] : op.depthMultiplier;
  return `te_${op.kind === 'conv2d' ? 'conv' : 'depthwise'}(${ptr(ctx, op.inputs[0] as number)}, ${ih}, ${iw}, ${ic}, ${w}, ${b}, ${ptr(ctx, op.output)}, ${oh}, ${ow}, ${channels}, ${kh}, ${kw}, ${op.strides[0]}, ${op.strides[1]}, ${op.dilation[0]}, ${op.dilation[1]}, ${pt}, ${pl}, ${last}, ${zp(inT)}, ${zp(oT)}, ${mult}, ${shift}, ${r.min}, ${r.max});`;
}

function concat(ctx: Ctx, op: QOp & { kind: 'concatenation' }): string {
  const m = ctx.model;
  const out = m.tensors[op.output]!;
  const axis = op.axis < 0 ? op.axis + out.shape.length : op.axis;
  const outer = out.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const total = out.shape.slice(axis).reduce((p, d) => p * d, 1);
  let offset = 0;
  const lines = op.inputs.map((t) => {
    const inner = m.tensors[t]!.shape.slice(axis).reduce((p, d) => p * d, 1);
    const line = `for (int o = 0; o < ${outer}; o++) memcpy(${ptr(ctx, op.output)} + o * ${total} + ${offset}, ${ptr(ctx, t)} + o * ${inner}, ${inner});`;
    offset += inner;
    return line;
  });
  return `{ ${lines.join(' ')} }`;
}

function call(ctx: Ctx, op: QOp, k: number): string {
  const m = ctx.model;
  const inT = m.tensors[op.inputs[0] as number]!;
  const oT = m.tensors[op.output]!;
  switch (op.kind) {
    case 'conv2d': case 'depthwiseConv2d': case 'fullyConnected': return weighted(ctx, op, k);
    case 'maxPool2d': case 'averagePool2d': {
      const [ih, iw, c] = inT.shape.slice(1) as [number, number, number];
      const [oh, ow] = oT.shape.slice(1) as [number, number];
      const r = activationRange(op.activation, scale(oT), zp(oT));
      return `te_pool(${ptr(ctx, op.inputs[0] as number)}, ${ih}, ${iw}, ${c}, ${ptr(ctx, op.output)}, ${oh}, ${ow}, ${op.filter[0]}, ${op.filter[1]}, ${op.strides[0]}, ${op.strides[1]}, ${paddingBefore(op.padding, ih, oh, op.strides[0], op.filter[0], 1)}, ${paddingBefore(op.padding, iw, ow, op.strides[1], op.filter[1], 1)}, ${op.kind === 'maxPool2d' ? 1 : 0}, ${r.min}, ${r.max});`;
    }
    case 'add': {
      const bT = m.tensors[op.inputs[1] as number]!;
      const a = addMultipliers(scale(inT), scale(bT), scale(oT));
      const r = activationRange(op.activation, scale(oT), zp(oT));
      return `te_add(${ptr(ctx, op.inputs[0] as number)}, ${ptr(ctx, op.inputs[1] as number)}, ${ptr(ctx, op.output)}, ${elems(oT)}, ${zp(inT)}, ${zp(bT)}, ${zp(oT)}, ${a.input1.multiplier}, ${a.input1.shift}, ${a.input2.multiplier}, ${a.input2.shift}, ${a.output.multiplier}, ${a.output.shift}, ${r.min}, ${r.max});`;
    }
    case 'relu': case 'relu6': {
      const q = quantizeMultiplier(scale(inT) / scale(oT));
      const r = activationRange(op.kind, scale(oT), zp(oT));
      return `te_rescale(${ptr(ctx, op.inputs[0] as number)}, ${ptr(ctx, op.output)}, ${elems(oT)}, ${zp(inT)}, ${zp(oT)}, ${q.multiplier}, ${q.shift}, ${r.min}, ${r.max});`;
    }
    case 'reshape': {
      // A view when the planner gave the output its input's memory: no copy. Otherwise a copy (memmove: may overlap).
      const [from, to] = [op.inputs[0] as number, op.output];
      if (ctx.offsetOf.get(from) === ctx.offsetOf.get(to)) return `/* op${k} reshape: a view of its input */`;
      return `memmove(${ptr(ctx, to)}, ${ptr(ctx, from)}, ${elems(oT)});`;
    }
    case 'concatenation': return concat(ctx, op);
    case 'pad': {
      const [ih, iw, c] = inT.shape.slice(1) as [number, number, number];
      const [oh, ow] = oT.shape.slice(1) as [number, number];
      return `te_pad4(${ptr(ctx, op.inputs[0] as number)}, ${ih}, ${iw}, ${c}, ${ptr(ctx, op.output)}, ${oh}, ${ow}, ${op.paddings[1]![0]}, ${op.paddings[2]![0]}, ${zp(oT)});`;
    }
    case 'softmax': {
      const p = softmaxParams(op.beta, scale(inT));
      const depth = inT.shape.at(-1) as number;
      return `te_softmax(${ptr(ctx, op.inputs[0] as number)}, ${ptr(ctx, op.output)}, ${elems(inT) / depth}, ${depth}, ${p.multiplier}, ${p.leftShift}, ${p.diffMin});`;
    }
    default: throw new DeployError(`C generator: op ${k} '${op.kind}' is not supported; it emits ${cOps.join(', ')}.`);
  }
}

/**
 * Arena offsets of the model's activation tensors from the memory plan (matched by tensor name = deployed tensor
 * id), and the ops in the plan's execution order. Throws DeployError when the model and the plan disagree.
 */
function planned(model: QuantModel, deploy: DeployGraph, plan: MemoryPlan): { offsetOf: Map<number, number>; order: number[] } {
  const byName = new Map(plan.tensors.map((t) => [t.tensor, t.offsetBytes]));
  const offsetOf = new Map<number, number>();
  model.tensors.forEach((t, i) => { if (!t.data && byName.has(t.name)) offsetOf.set(i, byName.get(t.name) as number); });
  for (const op of model.ops) for (const t of [...op.inputs, op.output]) {
    if (t >= 0 && !model.tensors[t]!.data && !offsetOf.has(t)) throw new DeployError(`C generator: tensor '${model.tensors[t]!.name}' has no place in the memory plan; the C generator needs a model quantized from this deployment.`);
  }
  if (deploy.ops.length !== model.ops.length) throw new DeployError(`C generator: the model has ${model.ops.length} ops and the deployment ${deploy.ops.length}; they must match one to one.`);
  const indexOfId = new Map(deploy.ops.map((o, i) => [o.id, i]));
  return { offsetOf, order: plan.order.map((id) => indexOfId.get(id) as number) };
}

function header(model: QuantModel, name: string, arenaBytes: number): string {
  const inT = model.tensors[model.inputs[0] as number]!;
  const oT = model.tensors[model.outputs[0] as number]!;
  const up = name.toUpperCase();
  return `/* ${name}.h: int8 model generated by tinyevo. C99, no runtime library. */
#ifndef ${up}_H
#define ${up}_H
#include <stdint.h>

#define ${up}_INPUT_SIZE ${elems(inT)}
#define ${up}_OUTPUT_SIZE ${elems(oT)}
#define ${up}_ARENA_SIZE ${arenaBytes}
/* real = scale * (q - zero_point) */
#define ${up}_INPUT_SCALE ${scale(inT)}f
#define ${up}_INPUT_ZERO_POINT ${zp(inT)}
#define ${up}_OUTPUT_SCALE ${scale(oT)}f
#define ${up}_OUTPUT_ZERO_POINT ${zp(oT)}

/* Runs one inference: copies ${up}_INPUT_SIZE int8 values in, writes ${up}_OUTPUT_SIZE int8 values out. Returns 0. */
int ${name}_invoke(const int8_t *input, int8_t *output);

#endif
`;
}

/**
 * Generates one self-contained C99 source and header for an int8 model: weights, biases and requantisation tables
 * as const arrays (flash), one static arena laid out by the memory plan (`plan`, made for `deploy`, the deployment
 * the model was quantized from), and plain-C kernels with TFLite Micro's integer arithmetic, bit-exact with the
 * reference interpreter. Throws DeployError for an op it cannot emit (an add of more than two inputs among them).
 */
export function generateC(model: QuantModel, deploy: DeployGraph, plan: MemoryPlan, name: string): GeneratedC {
  for (const op of model.ops) if (!cOps.includes(op.kind)) throw new DeployError(`C generator: op '${op.kind}' is not supported; it emits ${cOps.join(', ')}.`);
  for (const op of deploy.ops) {
    if (op.kind === 'add' && op.inputs.length > 2) {
      throw new DeployError(`C generator: add '${op.id}' has ${op.inputs.length} inputs; it emits add of two inputs only (the memory plan has no place for the partial sums of a longer add). The tflite format expresses it as a chain of two-input ADDs (export --format tflite); for C, build the model with two-input adds.`);
    }
  }
  const { offsetOf, order } = planned(model, deploy, plan);
  const ctx: Ctx = { model, name, offsetOf, consts: [], constBytes: 0 };
  const calls = order.map((k) => `  ${call(ctx, model.ops[k]!, k)}`);
  const arena = Math.max(4, plan.arenaBytes);
  const inT = model.inputs[0] as number;
  const outT = model.outputs[0] as number;
  const source = `/* ${name}.c: int8 model generated by tinyevo (${model.ops.length} ops, arena ${arena} B). */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "${name}.h"

${kernelSource(model.ops.map((o) => o.kind))}
${ctx.consts.join('\n')}

/* One static arena; every tensor's offset comes from tinyevo's memory plan. */
static union { int32_t align; int8_t bytes[${arena}]; } te_arena;

int ${name}_invoke(const int8_t *input, int8_t *output) {
  memcpy(${ptr(ctx, inT)}, input, ${elems(model.tensors[inT]!)});
${calls.join('\n')}
  memcpy(output, ${ptr(ctx, outT)}, ${elems(model.tensors[outT]!)});
  return 0;
}
`;
  return { header: header(model, name, arena), source, arenaBytes: arena, constBytes: ctx.constBytes };
}

/**
 * A main() that runs the model on test vectors and prints OK, or each mismatch; exit code 0 only when bit-exact.
 * Built with -DTINYEVO_SEMIHOSTING it prints through a `te_write(const char *)` the board support provides.
 */
export function testHarness(name: string, cases: readonly { readonly input: readonly number[]; readonly output: readonly number[] }[]): string {
  const up = name.toUpperCase();
  const arr = (v: readonly number[]) => `{${v.join(',')}}`;
  return `/* ${name}_test.c: runs ${name} on tinyevo's test vectors. */
#include <stdio.h>
#include "${name}.h"
#ifdef TINYEVO_SEMIHOSTING
void te_write(const char *s);
#define TE_PRINT(...) do { char te_line[128]; snprintf(te_line, sizeof te_line, __VA_ARGS__); te_write(te_line); } while (0)
#else
#define TE_PRINT(...) printf(__VA_ARGS__)
#endif
static const int8_t inputs[${cases.length}][${up}_INPUT_SIZE] = {${cases.map((c) => arr(c.input)).join(',\n')}};
static const int8_t expected[${cases.length}][${up}_OUTPUT_SIZE] = {${cases.map((c) => arr(c.output)).join(',\n')}};
int main(void) {
  int bad = 0;
  for (int k = 0; k < ${cases.length}; k++) {
    int8_t out[${up}_OUTPUT_SIZE];
    ${name}_invoke(inputs[k], out);
    for (int i = 0; i < ${up}_OUTPUT_SIZE; i++) if (out[i] != expected[k][i]) { TE_PRINT("case %d output %d: got %d, expected %d\\n", k, i, out[i], expected[k][i]); bad++; }
  }
  if (!bad) TE_PRINT("OK %d cases\\n", ${cases.length});
  return bad ? 1 : 0;
}
`;
}
