import { activationRange } from '../fixed-point.js';
import type { QPool2D, QuantModel } from '../types.js';
import { nhwc, paddingBefore, tensorParams } from './tensor.js';

/**
 * TFLite's int8 MAX_POOL_2D and AVERAGE_POOL_2D (reference_integer_ops): windows clipped to the input (padding is
 * never counted), the average rounded half away from zero by integer division; input and output share quantisation.
 */
export function pool2d(model: QuantModel, op: QPool2D, input: Int8Array, where: string): Int8Array {
  const i = nhwc(model.tensors[op.inputs[0] as number]!.shape, where);
  const o = nhwc(model.tensors[op.output]!.shape, where);
  const [fh, fw] = op.filter;
  const [sh, sw] = op.strides;
  const padTop = paddingBefore(op.padding, i.h, o.h, sh, fh, 1);
  const padLeft = paddingBefore(op.padding, i.w, o.w, sw, fw, 1);
  const q = tensorParams(model.tensors[op.output]!, where);
  const range = activationRange(op.activation, q.scale, q.zeroPoint);
  const isMax = op.kind === 'maxPool2d';
  const out = new Int8Array(o.h * o.w * o.c);
  for (let oy = 0; oy < o.h; oy++) {
    const y0 = oy * sh - padTop;
    const fy0 = Math.max(0, -y0);
    const fy1 = Math.min(fh, i.h - y0);
    for (let ox = 0; ox < o.w; ox++) {
      const x0 = ox * sw - padLeft;
      const fx0 = Math.max(0, -x0);
      const fx1 = Math.min(fw, i.w - x0);
      for (let c = 0; c < o.c; c++) {
        let acc = isMax ? -128 : 0;
        let count = 0;
        for (let fy = fy0; fy < fy1; fy++) {
          for (let fx = fx0; fx < fx1; fx++) {
            const v = input[((y0 + fy) * i.w + (x0 + fx)) * i.c + c] as number;
            if (isMax) { if (v > acc) acc = v; } else acc += v;
            count++;
          }
        }
        if (!isMax && count > 0) acc = acc > 0 ? Math.trunc((acc + Math.trunc(count / 2)) / count) : Math.trunc((acc - Math.trunc(count / 2)) / count);
        out[(oy * o.w + ox) * o.c + c] = acc < range.min ? range.min : acc > range.max ? range.max : acc;
      }
    }
  }
  return out;
}
