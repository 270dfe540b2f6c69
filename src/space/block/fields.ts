import type { BlockConfig } from './options.js';

/** A plain convolution: conv k x k (stride 1 or 2) - BN - ReLU. */
export interface ConvBlock { readonly type: 'conv'; readonly kernel: number; readonly stride: number; readonly channels: number }
/** A ResNet basic block: two 3x3 conv-BN, identity or 1x1 projection shortcut, add, ReLU. */
export interface ResBlock { readonly type: 'res'; readonly stride: number; readonly channels: number }
/** A DenseNet block: `layers` 3x3 conv-BN-ReLU of `growth` channels over the concat of all earlier maps, 1x1 transition. */
export interface DenseBlock { readonly type: 'dense'; readonly layers: number; readonly growth: number; readonly stride: number; readonly channels: number }
/** A MobileNetV2 inverted residual: 1x1 expand by `expand`, depthwise k x k, 1x1 project, ReLU6, residual when shapes allow. */
export interface MBConvBlock { readonly type: 'mbconv'; readonly expand: number; readonly kernel: number; readonly stride: number; readonly channels: number }

/** One block of a genome, told apart by `type`. */
export type Block = ConvBlock | ResBlock | DenseBlock | MBConvBlock;
/** A block type. */
export type BlockType = Block['type'];
/** The block types, in a stable order. */
export const BLOCK_TYPES: readonly BlockType[] = ['conv', 'res', 'dense', 'mbconv'];

/**
 * The allowed values of every field but `type` and `channels` (which comes from the options), in field order. Kept small
 * so that a network stays microcontroller-sized: DenseNet's growth 12 and up to 4 layers per block.
 */
const FIXED: { readonly [T in BlockType]: Readonly<Record<string, readonly number[]>> } = {
  conv: { kernel: [3, 5], stride: [1, 2] },
  res: { stride: [1, 2] },
  dense: { layers: [2, 3, 4], growth: [4, 8, 12], stride: [1, 2] },
  mbconv: { expand: [1, 3, 6], kernel: [3, 5, 7], stride: [1, 2] },
};

/** The fields of a block type (without `type`) and their allowed values, in a stable order. */
export function fieldChoices(type: BlockType, config: BlockConfig): [string, readonly number[]][] {
  return [...Object.entries(FIXED[type]), ['channels', config.channels]];
}

/** A field's value of a block, read by name (mutation and validation walk the fields generically). */
export const fieldOf = (block: Block, field: string): unknown => Object.entries(block).find(([k]) => k === field)?.[1];

/** Builds a block of `type` from field values, with the fields in their stable order; the caller checks the values. */
export function makeBlock(type: BlockType, value: (field: string) => number): Block {
  const [stride, channels] = [value('stride'), value('channels')];
  switch (type) {
    case 'conv': return { type, kernel: value('kernel'), stride, channels };
    case 'res': return { type, stride, channels };
    case 'dense': return { type, layers: value('layers'), growth: value('growth'), stride, channels };
    case 'mbconv': return { type, expand: value('expand'), kernel: value('kernel'), stride, channels };
  }
}
