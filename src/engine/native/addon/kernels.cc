#include "kernels.h"

#include <cmath>
#include <cstring>

namespace tinyevo {

void add(int64_t n, const float* a, const float* b, float* y) {
#pragma omp parallel for simd if (n > 65536)
  for (int64_t i = 0; i < n; i++) y[i] = a[i] + b[i];
}

void accumulate(int64_t n, float* y, const float* x) {
#pragma omp parallel for simd if (n > 65536)
  for (int64_t i = 0; i < n; i++) y[i] += x[i];
}

void concat_channels(int64_t rows, int count, const int32_t* channels, const float* const* xs, float* y) {
  int64_t total = 0;
  for (int i = 0; i < count; i++) total += channels[i];
#pragma omp parallel for if (rows * total > 65536)
  for (int64_t r = 0; r < rows; r++) {
    float* out = y + r * total;
    for (int i = 0; i < count; i++) {
      std::memcpy(out, xs[i] + r * channels[i], sizeof(float) * channels[i]);
      out += channels[i];
    }
  }
}

void split_channels(int64_t rows, int count, const int32_t* channels, const float* dy, float* const* dxs) {
  int64_t total = 0;
  for (int i = 0; i < count; i++) total += channels[i];
#pragma omp parallel for if (rows * total > 65536)
  for (int64_t r = 0; r < rows; r++) {
    const float* in = dy + r * total;
    for (int i = 0; i < count; i++) {
      if (dxs[i]) std::memcpy(dxs[i] + r * channels[i], in, sizeof(float) * channels[i]);
      in += channels[i];
    }
  }
}

void pad_forward(int64_t n, int64_t h, int64_t w, int64_t c, int64_t top, int64_t bottom, int64_t left, int64_t right, const float* x, float* y) {
  const int64_t oh = h + top + bottom, ow = w + left + right;
  std::memset(y, 0, sizeof(float) * n * oh * ow * c);
  for (int64_t b = 0; b < n; b++)
    for (int64_t i = 0; i < h; i++)
      std::memcpy(y + ((b * oh + i + top) * ow + left) * c, x + (b * h + i) * w * c, sizeof(float) * w * c);
}

void pad_backward(int64_t n, int64_t h, int64_t w, int64_t c, int64_t top, int64_t bottom, int64_t left, int64_t right, const float* dy, float* dx) {
  const int64_t oh = h + top + bottom, ow = w + left + right;
  for (int64_t b = 0; b < n; b++)
    for (int64_t i = 0; i < h; i++)
      std::memcpy(dx + (b * h + i) * w * c, dy + ((b * oh + i + top) * ow + left) * c, sizeof(float) * w * c);
}

double softmax_xent(int64_t n, int64_t k, const float* logits, const int32_t* labels, float* dlogits, int64_t* correct) {
  double total = 0;
  int64_t hits = 0;
  for (int64_t r = 0; r < n; r++) {
    const float* z = logits + r * k;
    int64_t arg = 0;
    float mx = z[0];
    for (int64_t j = 1; j < k; j++)
      if (z[j] > mx) mx = z[j], arg = j;
    double sum = 0;
    for (int64_t j = 0; j < k; j++) sum += std::exp(static_cast<double>(z[j]) - mx);
    const int32_t label = labels[r];
    total += std::log(sum) - (static_cast<double>(z[label]) - mx);
    if (arg == label) hits++;
    if (dlogits) {
      float* d = dlogits + r * k;
      for (int64_t j = 0; j < k; j++) {
        const double p = std::exp(static_cast<double>(z[j]) - mx) / sum;
        d[j] = static_cast<float>((p - (j == label ? 1.0 : 0.0)) / static_cast<double>(n));
      }
    }
  }
  if (correct) *correct = hits;
  return total;
}

void sgd(int64_t n, float* w, const float* g, float* m, float lr, float momentum, bool nesterov, float decay) {
  for (int64_t i = 0; i < n; i++) {
    const float gd = g[i] + decay * w[i];
    if (momentum == 0.f) {
      w[i] -= lr * gd;
      continue;
    }
    const float mn = m[i] * momentum + gd;
    m[i] = mn;
    w[i] -= lr * (nesterov ? gd + mn * momentum : mn);
  }
}

void adam(int64_t n, float* w, const float* g, float* m, float* v, float lr, float beta1, float beta2, float eps, int64_t t, float decay) {
  const float c1 = 1.f - static_cast<float>(std::pow(beta1, static_cast<double>(t)));
  const float c2 = 1.f - static_cast<float>(std::pow(beta2, static_cast<double>(t)));
  for (int64_t i = 0; i < n; i++) {
    m[i] = m[i] * beta1 + g[i] * (1.f - beta1);
    v[i] = v[i] * beta2 + g[i] * g[i] * (1.f - beta2);
    const float upd = (m[i] / c1) / (std::sqrt(v[i] / c2) + eps) + decay * w[i];
    w[i] -= lr * upd;
  }
}

}  // namespace tinyevo

#include <omp.h>

#include <algorithm>
#include <vector>

namespace tinyevo {

namespace {

// The rows of one thread.
struct Range {
  int64_t from, to;
};
Range rows_of(int64_t m, int t, int nt) { return {m * t / nt, m * (t + 1) / nt}; }

// Runs `chunk(from, to, sums)` over each thread's rows with that thread's own `width` sums, then adds the threads'
// sums in thread order, so a result does not depend on scheduling.
template <typename Chunk>
std::vector<double> row_sums(int64_t m, int64_t width, Chunk chunk) {
  const int nt = omp_get_max_threads();
  std::vector<double> part(static_cast<size_t>(nt) * width, 0.0);
  int used = 1;
#pragma omp parallel num_threads(nt)
  {
    const int t = omp_get_thread_num(), n = omp_get_num_threads();
#pragma omp single
    used = n;
    const Range rg = rows_of(m, t, n);
    chunk(rg.from, rg.to, part.data() + static_cast<size_t>(t) * width);
  }
  std::vector<double> total(width, 0.0);
  for (int t = 0; t < used; t++)
    for (int64_t j = 0; j < width; j++) total[j] += part[static_cast<size_t>(t) * width + j];
  return total;
}

inline float act_fwd(int act, float z) {
  switch (act) {
    case 0: return z > 0.f ? z : 0.f;
    case 1: return std::min(std::max(z, 0.f), 6.f);
    case 2: return z * std::min(std::max(z + 3.f, 0.f), 6.f) / 6.f;
    default: return z;
  }
}

// d act / d z, as TensorFlow defines it at the bends: relu' = [z > 0], relu6' = [0 < z <= 6],
// hard-swish' = relu6(z + 3) / 6 + z [-3 < z <= 3] / 6.
inline float act_grad(int act, float z) {
  switch (act) {
    case 0: return z > 0.f ? 1.f : 0.f;
    case 1: return (z > 0.f && z <= 6.f) ? 1.f : 0.f;
    case 2: return std::min(std::max(z + 3.f, 0.f), 6.f) / 6.f + ((z > -3.f && z <= 3.f) ? z / 6.f : 0.f);
    default: return 1.f;
  }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void stats_chunk(int64_t from, int64_t to, int64_t c, const float* x, double* s, double* q) {
  for (int64_t r = from; r < to; r++) {
    const float* xr = x + r * c;
    for (int64_t j = 0; j < c; j++) {
      const double v = xr[j];
      s[j] += v;
      q[j] += v * v;
    }
  }
}

template <int A>
__attribute__((target_clones("avx512f", "avx2", "default")))
void affine_act_chunk(int64_t from, int64_t to, int64_t c, const float* x, const float* scale, const float* shift, float* y) {
  for (int64_t r = from; r < to; r++) {
    const float* xr = x + r * c;
    float* yr = y + r * c;
    for (int64_t j = 0; j < c; j++) yr[j] = act_fwd(A, xr[j] * scale[j] + shift[j]);
  }
}

void affine_act(int act, int64_t m, int64_t c, const float* x, const float* scale, const float* shift, float* y) {
#pragma omp parallel
  {
    const Range rg = rows_of(m, omp_get_thread_num(), omp_get_num_threads());
    switch (act) {
      case 0: affine_act_chunk<0>(rg.from, rg.to, c, x, scale, shift, y); break;
      case 1: affine_act_chunk<1>(rg.from, rg.to, c, x, scale, shift, y); break;
      case 2: affine_act_chunk<2>(rg.from, rg.to, c, x, scale, shift, y); break;
      default: affine_act_chunk<-1>(rg.from, rg.to, c, x, scale, shift, y); break;
    }
  }
}

// Per channel: sum dz and sum dz * xhat, with dz = dy * act'(xhat * gamma + beta).
template <int A>
__attribute__((target_clones("avx512f", "avx2", "default")))
void bwd_sums_chunk(int64_t from, int64_t to, int64_t c, const float* x, const float* dy, const float* mean, const float* inv, const float* gamma,
                    const float* beta, double* sdz, double* sdzx) {
  for (int64_t r = from; r < to; r++) {
    const float* xr = x + r * c;
    const float* dr = dy + r * c;
    for (int64_t j = 0; j < c; j++) {
      const float xh = (xr[j] - mean[j]) * inv[j];
      const float dz = dr[j] * act_grad(A, xh * gamma[j] + beta[j]);
      sdz[j] += dz;
      sdzx[j] += static_cast<double>(dz) * xh;
    }
  }
}

template <int A>
__attribute__((target_clones("avx512f", "avx2", "default")))
void bwd_dx_chunk(int64_t from, int64_t to, int64_t c, const float* x, const float* dy, const float* mean, const float* inv, const float* gamma,
                  const float* beta, const float* k, const float* a, const float* b, float* dx) {
  // dx = gamma * inv / m * (m * dz - sum dz - xhat * sum dz*xhat) = k * dz - a - xhat * b
  for (int64_t r = from; r < to; r++) {
    const float* xr = x + r * c;
    const float* dr = dy + r * c;
    float* o = dx + r * c;
    for (int64_t j = 0; j < c; j++) {
      const float xh = (xr[j] - mean[j]) * inv[j];
      const float dz = dr[j] * act_grad(A, xh * gamma[j] + beta[j]);
      o[j] = k[j] * dz - a[j] - xh * b[j];
    }
  }
}

template <int A>
void bn_act_backward_t(int64_t m, int64_t c, const float* x, const float* dy, const float* gamma, const float* beta, const float* mean,
                       const float* inv, float* dx, float* dgamma, float* dbeta) {
  const std::vector<double> sums = row_sums(m, 2 * c, [&](int64_t from, int64_t to, double* s) {
    bwd_sums_chunk<A>(from, to, c, x, dy, mean, inv, gamma, beta, s, s + c);
  });
  std::vector<float> k(c), a(c), b(c);
  for (int64_t j = 0; j < c; j++) {
    const double sdz = sums[j], sdzx = sums[c + j];
    dbeta[j] = static_cast<float>(sdz);
    dgamma[j] = static_cast<float>(sdzx);
    const double f = static_cast<double>(gamma[j]) * inv[j] / static_cast<double>(m);
    k[j] = static_cast<float>(f * m);
    a[j] = static_cast<float>(f * sdz);
    b[j] = static_cast<float>(f * sdzx);
  }
  if (!dx) return;
#pragma omp parallel
  {
    const Range rg = rows_of(m, omp_get_thread_num(), omp_get_num_threads());
    bwd_dx_chunk<A>(rg.from, rg.to, c, x, dy, mean, inv, gamma, beta, k.data(), a.data(), b.data(), dx);
  }
}

}  // namespace

void bn_act_forward_training(int64_t m, int64_t c, float eps, int act, const float* x, const float* gamma, const float* beta, float* y, float* mean, float* var) {
  const std::vector<double> sums = row_sums(m, 2 * c, [&](int64_t from, int64_t to, double* s) { stats_chunk(from, to, c, x, s, s + c); });
  std::vector<float> scale(c), shift(c);
  for (int64_t j = 0; j < c; j++) {
    const double s = sums[j], q = sums[c + j];
    const double mu = s / static_cast<double>(m);
    const double v = std::max(0.0, q / static_cast<double>(m) - mu * mu);
    mean[j] = static_cast<float>(mu);
    var[j] = static_cast<float>(v);
    const double inv = 1.0 / std::sqrt(v + eps);
    scale[j] = static_cast<float>(gamma[j] * inv);
    shift[j] = static_cast<float>(beta[j] - mu * gamma[j] * inv);
  }
  affine_act(act, m, c, x, scale.data(), shift.data(), y);
}

void bn_act_forward_inference(int64_t m, int64_t c, float eps, int act, const float* x, const float* gamma, const float* beta, const float* mean, const float* var, float* y) {
  std::vector<float> scale(c), shift(c);
  for (int64_t j = 0; j < c; j++) {
    const double inv = 1.0 / std::sqrt(static_cast<double>(var[j]) + eps);
    scale[j] = static_cast<float>(gamma[j] * inv);
    shift[j] = static_cast<float>(beta[j] - mean[j] * gamma[j] * inv);
  }
  affine_act(act, m, c, x, scale.data(), shift.data(), y);
}

void bn_act_backward(int64_t m, int64_t c, float eps, int act, const float* x, const float* dy, const float* gamma, const float* beta, const float* mean, const float* var,
                     float* dx, float* dgamma, float* dbeta) {
  std::vector<float> inv(c);
  for (int64_t j = 0; j < c; j++) inv[j] = static_cast<float>(1.0 / std::sqrt(static_cast<double>(var[j]) + eps));
  switch (act) {
    case 0: bn_act_backward_t<0>(m, c, x, dy, gamma, beta, mean, inv.data(), dx, dgamma, dbeta); break;
    case 1: bn_act_backward_t<1>(m, c, x, dy, gamma, beta, mean, inv.data(), dx, dgamma, dbeta); break;
    case 2: bn_act_backward_t<2>(m, c, x, dy, gamma, beta, mean, inv.data(), dx, dgamma, dbeta); break;
    default: bn_act_backward_t<-1>(m, c, x, dy, gamma, beta, mean, inv.data(), dx, dgamma, dbeta); break;
  }
}

}  // namespace tinyevo
