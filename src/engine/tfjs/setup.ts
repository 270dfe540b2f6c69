/**
 * Side effects every TF.js user in tinyevo needs, in one place: the union package registers the gradient functions
 * (tfjs-core's Node bundle has none, so training would fail with "gradient function not found"), the cpu and wasm
 * backends register themselves, and PROD mode silences tfjs' console banner and debug checks.
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('PROD', true);
