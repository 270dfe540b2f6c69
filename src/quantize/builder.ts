import type { ConstData, QOp, QTensor, QuantDType, QuantModel, QuantParams } from './types.js';

/** Accumulates the tensors and ops of a QuantModel in execution order. */
export class QuantModelBuilder {
  private readonly tensors: QTensor[] = [];
  private readonly ops: QOp[] = [];

  /** Adds a tensor and returns its index. */
  tensor(name: string, shape: readonly number[], dtype: QuantDType, quant: QuantParams | null, data: ConstData | null = null): number {
    return this.tensors.push(Object.freeze({ name, shape: Object.freeze([...shape]), dtype, quant, data })) - 1;
  }

  /** An int8 activation tensor with per-tensor parameters. */
  activation(name: string, shape: readonly number[], scale: number, zeroPoint: number): number {
    return this.tensor(name, shape, 'int8', { scale: [scale], zeroPoint: [zeroPoint], axis: 0 });
  }

  op(op: QOp): void {
    this.ops.push(Object.freeze(op));
  }

  /** The tensor at `index` (for its shape and parameters while building). */
  get(index: number): QTensor {
    return this.tensors[index] as QTensor;
  }

  build(inputs: readonly number[], outputs: readonly number[], description: string): QuantModel {
    return Object.freeze({ tensors: Object.freeze([...this.tensors]), ops: Object.freeze([...this.ops]), inputs: Object.freeze([...inputs]), outputs: Object.freeze([...outputs]), description });
  }
}
