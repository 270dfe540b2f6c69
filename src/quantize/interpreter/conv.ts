import { activationRange } from '../fixed-point.js';
import type { QConv2D, QDepthwiseConv2D, QuantModel } from '../types.js';
import { channelMultipliers, outputValue } from './requant.js';
import { constData, nhwc, paddingBefore, tensorParams } from './tensor.js';

interface ConvGeometry {
  readonly inH: number; readonly inW: number; readonly inC: number;
  readonly outH: number; readonly outW: number; readonly outC: number;
  readonly kh: number; readonly kw: number; readonly sh: number; readonly sw: number; readonly dh: number; readonly dw: number;
  readonly padTop: number; readonly padLeft: number;
}

function geometry(model: QuantModel, op: QConv2D | QDepthwiseConv2D, where: string): ConvGeometry {
  const inp = nhwc(model.tensors[op.inputs[0] as number]!.shape, where);
  const out = nhwc(model.tensors[op.output]!.shape, where);
  const f = model.tensors[op.inputs[1] as number]!.shape;
  const [kh, kw] = [f[1] as number, f[2] as number];
  const [sh, sw] = op.strides;
  const [dh, dw] = op.dilation;
  return {
    inH: inp.h, inW: inp.w, inC: inp.c, outH: out.h, outW: out.w, outC: out.c, kh, kw, sh, sw, dh, dw,
    padTop: paddingBefore(op.padding, inp.h, out.h, sh, kh, dh), padLeft: paddingBefore(op.padding, inp.w, out.w, sw, kw, dw),
  };
}

function requantParts(model: QuantModel, op: QConv2D | QDepthwiseConv2D, outC: number, where: string) {
  const input = model.tensors[op.inputs[0] as number]!;
  const output = model.tensors[op.output]!;
  const mult = channelMultipliers(input, model.tensors[op.inputs[1] as number]!, output, outC, where);
  const inZp = tensorParams(input, where).zeroPoint;
  const out = tensorParams(output, where);
  const range = activationRange(op.activation, out.scale, out.zeroPoint);
  const biasIndex = op.inputs[2] ?? -1;
  const bias = biasIndex >= 0 ? constData(model, biasIndex, Int32Array, where) : null;
  return { mult, inZp, outZp: out.zeroPoint, range, bias };
}

/** TFLite's int8 per-channel CONV_2D (reference_integer_ops::ConvPerChannel), batch 1, groups from the filter. */
export function conv2d(model: QuantModel, op: QConv2D, input: Int8Array, where: string): Int8Array {
  const g = geometry(model, op, where);
  const filter = constData(model, op.inputs[1] as number, Int8Array, where);
  const filterC = model.tensors[op.inputs[1] as number]!.shape[3] as number;
  const groupOut = g.outC / (g.inC / filterC);
  const { mult, inZp, outZp, range, bias } = requantParts(model, op, g.outC, where);
  const out = new Int8Array(g.outH * g.outW * g.outC);
  for (let oy = 0; oy < g.outH; oy++) {
    for (let ox = 0; ox < g.outW; ox++) {
      const y0 = oy * g.sh - g.padTop;
      const x0 = ox * g.sw - g.padLeft;
      for (let oc = 0; oc < g.outC; oc++) {
        const icBase = Math.floor(oc / groupOut) * filterC;
        let acc = 0;
        for (let fy = 0; fy < g.kh; fy++) {
          const iy = y0 + fy * g.dh;
          if (iy < 0 || iy >= g.inH) continue;
          for (let fx = 0; fx < g.kw; fx++) {
            const ix = x0 + fx * g.dw;
            if (ix < 0 || ix >= g.inW) continue;
            const inBase = (iy * g.inW + ix) * g.inC + icBase;
            const fBase = ((oc * g.kh + fy) * g.kw + fx) * filterC;
            for (let ic = 0; ic < filterC; ic++) acc += (filter[fBase + ic] as number) * ((input[inBase + ic] as number) - inZp);
          }
        }
        out[(oy * g.outW + ox) * g.outC + oc] = outputValue(acc, bias, oc, mult[oc]!, outZp, range);
      }
    }
  }
  return out;
}

/** TFLite's int8 per-channel DEPTHWISE_CONV_2D (reference_integer_ops::DepthwiseConvPerChannel), batch 1. */
export function depthwiseConv2d(model: QuantModel, op: QDepthwiseConv2D, input: Int8Array, where: string): Int8Array {
  const g = geometry(model, op, where);
  const filter = constData(model, op.inputs[1] as number, Int8Array, where);
  const dm = op.depthMultiplier;
  const { mult, inZp, outZp, range, bias } = requantParts(model, op, g.outC, where);
  const out = new Int8Array(g.outH * g.outW * g.outC);
  for (let oy = 0; oy < g.outH; oy++) {
    for (let ox = 0; ox < g.outW; ox++) {
      const y0 = oy * g.sh - g.padTop;
      const x0 = ox * g.sw - g.padLeft;
      for (let oc = 0; oc < g.outC; oc++) {
        const ic = Math.floor(oc / dm);
        let acc = 0;
        for (let fy = 0; fy < g.kh; fy++) {
          const iy = y0 + fy * g.dh;
          if (iy < 0 || iy >= g.inH) continue;
          for (let fx = 0; fx < g.kw; fx++) {
            const ix = x0 + fx * g.dw;
            if (ix < 0 || ix >= g.inW) continue;
            acc += (filter[(fy * g.kw + fx) * g.outC + oc] as number) * ((input[(iy * g.inW + ix) * g.inC + ic] as number) - inZp);
          }
        }
        out[(oy * g.outW + ox) * g.outC + oc] = outputValue(acc, bias, oc, mult[oc]!, outZp, range);
      }
    }
  }
  return out;
}
