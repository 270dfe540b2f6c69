// The oneDNN primitives behind tinyevo's native engine. Every tensor lives in memory owned by JavaScript (a
// Float32Array) in the layouts of src/engine/weights.ts: activations NHWC (or [N, units]), conv kernels HWIO with
// the group axis outermost in O, dense kernels [in, units]. Primitives are created once per shape and cached;
// where a primitive prefers its own weight layout, weights are reordered on the way in and gradients on the way out.
#pragma once

#include <cstdint>
#include <string>

namespace tinyevo {

struct ConvShape {
  int64_t n, h, w, c;        // input
  int64_t oh, ow, o;         // output
  int64_t kh, kw, groups;    // kernel
  int64_t sh, sw, dh, dw;    // strides, dilation (1 = none)
  int64_t pt, pl, pb, pr;    // padding
};

struct PoolShape {
  int64_t n, h, w, c, oh, ow;
  int64_t kh, kw, sh, sw, pt, pl, pb, pr;
  bool max;
};

void set_threads(int n);
int threads();
std::string version();
// The implementation oneDNN chose for the last primitive created for each kind (for logs and benchmarks).
std::string implementations();
void clear_cache();
size_t cache_size();

void conv_forward(const ConvShape& s, bool training, const float* x, const float* w, const float* b, float* y);
void conv_backward_data(const ConvShape& s, const float* dy, const float* w, float* dx);
void conv_backward_weights(const ConvShape& s, const float* x, const float* dy, float* dw, float* db);

void dense_forward(int64_t n, int64_t in, int64_t out, bool training, const float* x, const float* w, const float* b, float* y);
void dense_backward_data(int64_t n, int64_t in, int64_t out, const float* dy, const float* w, float* dx);
void dense_backward_weights(int64_t n, int64_t in, int64_t out, const float* x, const float* dy, float* dw, float* db);

// Activations: 0 relu, 1 relu6, 2 hard-swish, 3 sigmoid.
void eltwise_forward(int kind, int64_t n, bool training, const float* x, float* y);
void eltwise_backward(int kind, int64_t n, const float* x, const float* dy, float* dx);

size_t pool_workspace_bytes(const PoolShape& s);
void pool_forward(const PoolShape& s, bool training, const float* x, float* y, void* workspace);
void pool_backward(const PoolShape& s, const float* dy, const void* workspace, float* dx);

}  // namespace tinyevo
