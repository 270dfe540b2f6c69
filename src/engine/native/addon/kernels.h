// Plain loops for the ops that oneDNN has no primitive for (or where one would cost more than it saves):
// elementwise sums, channel concat and split, zero padding, softmax cross-entropy and the optimizer updates.
#pragma once

#include <cstdint>

namespace tinyevo {

// y = a + b
void add(int64_t n, const float* a, const float* b, float* y);
// y += x
void accumulate(int64_t n, float* y, const float* x);
// Channel concat of NHWC tensors that share [rows = n*h*w]: input i has channels[i] channels.
void concat_channels(int64_t rows, int count, const int32_t* channels, const float* const* xs, float* y);
// The inverse: the slices of dy for each input.
void split_channels(int64_t rows, int count, const int32_t* channels, const float* dy, float* const* dxs);
// Zero padding of NHWC height and width, and its gradient (the crop).
void pad_forward(int64_t n, int64_t h, int64_t w, int64_t c, int64_t top, int64_t bottom, int64_t left, int64_t right, const float* x, float* y);
void pad_backward(int64_t n, int64_t h, int64_t w, int64_t c, int64_t top, int64_t bottom, int64_t left, int64_t right, const float* dy, float* dx);
// Mean softmax cross-entropy of logits [n, k] against integer labels; writes d loss / d logits when dlogits is not
// null. Returns the summed loss; `correct` gets the number of rows whose arg-max is the label.
double softmax_xent(int64_t n, int64_t k, const float* logits, const int32_t* labels, float* dlogits, int64_t* correct);
// SGD with (Nesterov) momentum and weight decay added to the gradient; m is the momentum buffer.
void sgd(int64_t n, float* w, const float* g, float* m, float lr, float momentum, bool nesterov, float decay);
// Adam with bias correction for step t (1-based) and decoupled weight decay.
void adam(int64_t n, float* w, const float* g, float* m, float* v, float lr, float beta1, float beta2, float eps, int64_t t, float decay);

}  // namespace tinyevo

namespace tinyevo {

// Batch norm fused with the activation after it (-1 none, 0 relu, 1 relu6, 2 hard-swish) over the rows of an
// [m, c] channels-last matrix. oneDNN 2.6 fuses only ReLU into batch norm, and batch norm plus activation are
// memory-bound passes over the largest tensors of a network, so one kernel reads each tensor fewer times.
// Training: batch statistics (biased variance) into mean and var.
void bn_act_forward_training(int64_t m, int64_t c, float eps, int act, const float* x, const float* gamma, const float* beta, float* y, float* mean, float* var);
// Inference with the given (moving) statistics.
void bn_act_forward_inference(int64_t m, int64_t c, float eps, int act, const float* x, const float* gamma, const float* beta, const float* mean, const float* var, float* y);
// Gradients given dy = d loss / d act(bn(x)); dx may be null (the graph input).
void bn_act_backward(int64_t m, int64_t c, float eps, int act, const float* x, const float* dy, const float* gamma, const float* beta, const float* mean, const float* var,
                     float* dx, float* dgamma, float* dbeta);

}  // namespace tinyevo
