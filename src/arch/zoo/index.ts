import type { ArchGraph } from '../types.js';
import { demoCnn } from './demo-cnn.js';
import { dsCnn } from './ds-cnn.js';
import { fcAutoencoder } from './fc-autoencoder.js';
import { mobileNetV1 } from './mobilenet-v1.js';
import { mobileNetV2, mobileNetV2Full } from './mobilenet-v2.js';
import { resnet8 } from './resnet8.js';

export { demoCnn, dsCnn, fcAutoencoder, mobileNetV1, mobileNetV2, mobileNetV2Full, resnet8 };

/** Known models by name, each with its default options. */
export const zoo: { readonly [name: string]: () => ArchGraph } = {
  'demo-cnn': () => demoCnn(),
  'ds-cnn': () => dsCnn(),
  'resnet8': () => resnet8(),
  'mobilenet-v2': () => mobileNetV2(),
  'mobilenetv1-0.25': () => mobileNetV1(),
  'fc-autoencoder': () => fcAutoencoder(),
  'mobilenetv2-0.35': () => mobileNetV2Full(),
};
