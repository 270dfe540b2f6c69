/** A tensor of the graph being built, with the shape a block builder must know (height, width, channels). */
export interface Tensor {
  readonly id: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** The size after a stride with 'same' padding (TensorFlow's rule: ceil(size / stride)). */
export const strided = (x: Tensor, stride: number, id: string, channels: number): Tensor =>
  ({ id, height: Math.ceil(x.height / stride), width: Math.ceil(x.width / stride), channels });
