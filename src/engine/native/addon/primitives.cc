#include "primitives.h"

#include <omp.h>

#include <cstring>
#include <deque>
#include <memory>
#include <stdexcept>
#include <sstream>
#include <unordered_map>

#include <oneapi/dnnl/dnnl.hpp>

namespace tinyevo {

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
using tag = memory::format_tag;
using dt = memory::data_type;

namespace {

dnnl::engine& cpu() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::stream& stream() {
  static dnnl::stream s(cpu());
  return s;
}

std::unordered_map<std::string, std::string>& chosen() {
  static std::unordered_map<std::string, std::string> m;
  return m;
}

void note_impl(const char* kind, const char* impl) { chosen()[kind] = impl; }

// A memory object over JavaScript-owned data, created once per cached primitive and pointed at new data per call.
struct Bound {
  memory mem;
  void bind(const void* p) { mem.set_data_handle(const_cast<void*>(p)); }
};

Bound user(const memory::desc& md) { return Bound{memory(md, cpu(), DNNL_MEMORY_NONE)}; }

// A weight tensor as JavaScript holds it and, when the primitive prefers another layout, the reorders both ways.
struct Weights {
  Bound js;
  memory inner;  // the primitive's layout; equals js.mem when no reorder is needed
  bool reordered = false;
  dnnl::reorder to_inner, to_js;

  Weights(const memory::desc& js_md, const memory::desc& prim_md) : js(user(js_md)) {
    if (prim_md != js_md) {
      reordered = true;
      inner = memory(prim_md, cpu());
      to_inner = dnnl::reorder(js.mem, inner);
      to_js = dnnl::reorder(inner, js.mem);
    } else {
      inner = js.mem;
    }
  }
  // Makes `p` (JavaScript's copy) readable by the primitive.
  void load(const float* p) {
    js.bind(p);
    if (reordered) to_inner.execute(stream(), js.mem, inner);
  }
  // After the primitive wrote the inner copy, moves it to `p`.
  void store(float* p) {
    js.bind(p);
    if (reordered) to_js.execute(stream(), inner, js.mem);
  }
  void target(float* p) {
    js.bind(p);
    if (!reordered) inner = js.mem;
  }
};

std::string key_of(const char* kind, std::initializer_list<int64_t> v) {
  std::ostringstream k;
  k << kind;
  for (auto x : v) k << ',' << x;
  return k.str();
}

template <typename T>
std::unordered_map<std::string, std::unique_ptr<T>>& cache() {
  static std::unordered_map<std::string, std::unique_ptr<T>> m;
  return m;
}

template <typename T>
std::deque<std::string>& cache_order() {
  static std::deque<std::string> q;
  return q;
}

// Primitives kept per kind: a search builds thousands of different networks, so the oldest shapes are dropped
// (FIFO) and native memory stays bounded.
constexpr size_t kCachePerKind = 256;

template <typename T, typename Make>
T& cached(const std::string& key, Make make) {
  auto& m = cache<T>();
  auto it = m.find(key);
  if (it != m.end()) return *it->second;
  auto& order = cache_order<T>();
  while (m.size() >= kCachePerKind && !order.empty()) {
    m.erase(order.front());
    order.pop_front();
  }
  auto p = make();
  T& ref = *p;
  m.emplace(key, std::move(p));
  order.push_back(key);
  return ref;
}

template <typename T>
void clear_kind() {
  cache<T>().clear();
  cache_order<T>().clear();
}

// ---- convolution -----------------------------------------------------------------------------------------------

memory::desc conv_src_md(const ConvShape& s) { return memory::desc({s.n, s.c, s.h, s.w}, dt::f32, tag::nhwc); }
memory::desc conv_dst_md(const ConvShape& s) { return memory::desc({s.n, s.o, s.oh, s.ow}, dt::f32, tag::nhwc); }
memory::desc conv_bias_md(const ConvShape& s) { return memory::desc({s.o}, dt::f32, tag::a); }

// HWIO with I = c / groups and the group index outermost in O: [kh, kw, c/g, g * (o/g)].
memory::desc conv_weights_js_md(const ConvShape& s) {
  const int64_t ig = s.c / s.groups, og = s.o / s.groups;
  if (s.groups == 1) return memory::desc({s.o, s.c, s.kh, s.kw}, dt::f32, memory::dims{1, s.o, s.kw * s.c * s.o, s.c * s.o});
  return memory::desc({s.groups, og, ig, s.kh, s.kw}, dt::f32, memory::dims{og, 1, s.o, s.kw * ig * s.o, ig * s.o});
}

memory::desc conv_weights_any_md(const ConvShape& s) {
  const int64_t ig = s.c / s.groups, og = s.o / s.groups;
  if (s.groups == 1) return memory::desc({s.o, s.c, s.kh, s.kw}, dt::f32, tag::any);
  return memory::desc({s.groups, og, ig, s.kh, s.kw}, dt::f32, tag::any);
}

dnnl::convolution_forward::desc conv_desc(const ConvShape& s, bool training, bool bias) {
  const prop_kind pk = training ? prop_kind::forward_training : prop_kind::forward_inference;
  const memory::dims strides{s.sh, s.sw}, dil{s.dh - 1, s.dw - 1}, pl{s.pt, s.pl}, pr{s.pb, s.pr};
  if (bias) return dnnl::convolution_forward::desc(pk, algorithm::convolution_direct, conv_src_md(s), conv_weights_any_md(s), conv_bias_md(s), conv_dst_md(s), strides, dil, pl, pr);
  return dnnl::convolution_forward::desc(pk, algorithm::convolution_direct, conv_src_md(s), conv_weights_any_md(s), conv_dst_md(s), strides, dil, pl, pr);
}

std::string conv_key(const char* kind, const ConvShape& s, int64_t flag) {
  return key_of(kind, {s.n, s.h, s.w, s.c, s.oh, s.ow, s.o, s.kh, s.kw, s.groups, s.sh, s.sw, s.dh, s.dw, s.pt, s.pl, s.pb, s.pr, flag});
}

struct ConvFwd {
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::convolution_forward prim;
  Bound src, dst, bias;
  Weights w;
  ConvFwd(const ConvShape& s, bool training, bool has_bias)
      : pd(conv_desc(s, training, has_bias), cpu()), prim(pd), src(user(conv_src_md(s))), dst(user(conv_dst_md(s))),
        bias(user(conv_bias_md(s))), w(conv_weights_js_md(s), pd.weights_desc()) {
    note_impl("conv forward", pd.impl_info_str());
  }
};

struct ConvBwdData {
  dnnl::convolution_backward_data::primitive_desc pd;
  dnnl::convolution_backward_data prim;
  Bound dx, dy;
  Weights w;
  ConvBwdData(const ConvShape& s)
      : pd(dnnl::convolution_backward_data::desc(algorithm::convolution_direct, conv_src_md(s), conv_weights_any_md(s), conv_dst_md(s),
                                                 {s.sh, s.sw}, {s.dh - 1, s.dw - 1}, {s.pt, s.pl}, {s.pb, s.pr}),
           cpu(), dnnl::convolution_forward::primitive_desc(conv_desc(s, true, false), cpu())),
        prim(pd), dx(user(conv_src_md(s))), dy(user(conv_dst_md(s))), w(conv_weights_js_md(s), pd.weights_desc()) {
    note_impl("conv backward data", pd.impl_info_str());
  }
};

dnnl::convolution_backward_weights::desc conv_bwd_w_desc(const ConvShape& s, bool bias) {
  const memory::dims strides{s.sh, s.sw}, dil{s.dh - 1, s.dw - 1}, pl{s.pt, s.pl}, pr{s.pb, s.pr};
  if (bias) return dnnl::convolution_backward_weights::desc(algorithm::convolution_direct, conv_src_md(s), conv_weights_any_md(s), conv_bias_md(s), conv_dst_md(s), strides, dil, pl, pr);
  return dnnl::convolution_backward_weights::desc(algorithm::convolution_direct, conv_src_md(s), conv_weights_any_md(s), conv_dst_md(s), strides, dil, pl, pr);
}

struct ConvBwdWeights {
  dnnl::convolution_backward_weights::primitive_desc pd;
  dnnl::convolution_backward_weights prim;
  Bound x, dy, db;
  Weights dw;
  ConvBwdWeights(const ConvShape& s, bool has_bias)
      : pd(conv_bwd_w_desc(s, has_bias), cpu(), dnnl::convolution_forward::primitive_desc(conv_desc(s, true, has_bias), cpu())),
        prim(pd), x(user(conv_src_md(s))), dy(user(conv_dst_md(s))), db(user(conv_bias_md(s))), dw(conv_weights_js_md(s), pd.diff_weights_desc()) {
    note_impl("conv backward weights", pd.impl_info_str());
  }
};

// ---- inner product ---------------------------------------------------------------------------------------------

memory::desc ip_src_md(int64_t n, int64_t in) { return memory::desc({n, in}, dt::f32, tag::nc); }
memory::desc ip_dst_md(int64_t n, int64_t out) { return memory::desc({n, out}, dt::f32, tag::nc); }
memory::desc ip_w_js_md(int64_t in, int64_t out) { return memory::desc({out, in}, dt::f32, memory::dims{1, out}); }
memory::desc ip_w_any_md(int64_t in, int64_t out) { return memory::desc({out, in}, dt::f32, tag::any); }
memory::desc ip_b_md(int64_t out) { return memory::desc({out}, dt::f32, tag::a); }

dnnl::inner_product_forward::desc ip_desc(int64_t n, int64_t in, int64_t out, bool training, bool bias) {
  const prop_kind pk = training ? prop_kind::forward_training : prop_kind::forward_inference;
  if (bias) return dnnl::inner_product_forward::desc(pk, ip_src_md(n, in), ip_w_any_md(in, out), ip_b_md(out), ip_dst_md(n, out));
  return dnnl::inner_product_forward::desc(pk, ip_src_md(n, in), ip_w_any_md(in, out), ip_dst_md(n, out));
}

struct IpFwd {
  dnnl::inner_product_forward::primitive_desc pd;
  dnnl::inner_product_forward prim;
  Bound src, dst, bias;
  Weights w;
  IpFwd(int64_t n, int64_t in, int64_t out, bool training, bool has_bias)
      : pd(ip_desc(n, in, out, training, has_bias), cpu()), prim(pd), src(user(ip_src_md(n, in))), dst(user(ip_dst_md(n, out))),
        bias(user(ip_b_md(out))), w(ip_w_js_md(in, out), pd.weights_desc()) {
    note_impl("dense forward", pd.impl_info_str());
  }
};

struct IpBwdData {
  dnnl::inner_product_backward_data::primitive_desc pd;
  dnnl::inner_product_backward_data prim;
  Bound dx, dy;
  Weights w;
  IpBwdData(int64_t n, int64_t in, int64_t out)
      : pd(dnnl::inner_product_backward_data::desc(ip_src_md(n, in), ip_w_any_md(in, out), ip_dst_md(n, out)), cpu(),
           dnnl::inner_product_forward::primitive_desc(ip_desc(n, in, out, true, false), cpu())),
        prim(pd), dx(user(ip_src_md(n, in))), dy(user(ip_dst_md(n, out))), w(ip_w_js_md(in, out), pd.weights_desc()) {}
};

dnnl::inner_product_backward_weights::desc ip_bwd_w_desc(int64_t n, int64_t in, int64_t out, bool bias) {
  if (bias) return dnnl::inner_product_backward_weights::desc(ip_src_md(n, in), ip_w_any_md(in, out), ip_b_md(out), ip_dst_md(n, out));
  return dnnl::inner_product_backward_weights::desc(ip_src_md(n, in), ip_w_any_md(in, out), ip_dst_md(n, out));
}

struct IpBwdWeights {
  dnnl::inner_product_backward_weights::primitive_desc pd;
  dnnl::inner_product_backward_weights prim;
  Bound x, dy, db;
  Weights dw;
  IpBwdWeights(int64_t n, int64_t in, int64_t out, bool has_bias)
      : pd(ip_bwd_w_desc(n, in, out, has_bias), cpu(), dnnl::inner_product_forward::primitive_desc(ip_desc(n, in, out, true, has_bias), cpu())),
        prim(pd), x(user(ip_src_md(n, in))), dy(user(ip_dst_md(n, out))), db(user(ip_b_md(out))), dw(ip_w_js_md(in, out), pd.diff_weights_desc()) {}
};

// ---- activations -----------------------------------------------------------------------------------------------

struct Act {
  algorithm alg;
  float alpha, beta;
};

Act act_of(int kind) {
  switch (kind) {
    case 0: return {algorithm::eltwise_relu, 0.f, 0.f};
    case 1: return {algorithm::eltwise_clip, 0.f, 6.f};
    case 2: return {algorithm::eltwise_hardswish, 0.f, 0.f};
    case 3: return {algorithm::eltwise_logistic, 0.f, 0.f};
    default: throw std::invalid_argument("activation kind must be 0 (relu), 1 (relu6), 2 (hard-swish) or 3 (sigmoid)");
  }
}

memory::desc flat_md(int64_t n) { return memory::desc({n}, dt::f32, tag::a); }

dnnl::eltwise_forward::desc act_desc(int kind, int64_t n, bool training) {
  const Act a = act_of(kind);
  return dnnl::eltwise_forward::desc(training ? prop_kind::forward_training : prop_kind::forward_inference, a.alg, flat_md(n), a.alpha, a.beta);
}

struct ActFwd {
  dnnl::eltwise_forward::primitive_desc pd;
  dnnl::eltwise_forward prim;
  Bound x, y;
  ActFwd(int kind, int64_t n, bool training) : pd(act_desc(kind, n, training), cpu()), prim(pd), x(user(flat_md(n))), y(user(flat_md(n))) {}
};

struct ActBwd {
  dnnl::eltwise_backward::primitive_desc pd;
  dnnl::eltwise_backward prim;
  Bound x, dy, dx;
  ActBwd(int kind, int64_t n)
      : pd(dnnl::eltwise_backward::desc(act_of(kind).alg, flat_md(n), flat_md(n), act_of(kind).alpha, act_of(kind).beta), cpu(),
           dnnl::eltwise_forward::primitive_desc(act_desc(kind, n, true), cpu())),
        prim(pd), x(user(flat_md(n))), dy(user(flat_md(n))), dx(user(flat_md(n))) {}
};

// ---- pooling ---------------------------------------------------------------------------------------------------

memory::desc pool_src_md(const PoolShape& s) { return memory::desc({s.n, s.c, s.h, s.w}, dt::f32, tag::nhwc); }
memory::desc pool_dst_md(const PoolShape& s) { return memory::desc({s.n, s.c, s.oh, s.ow}, dt::f32, tag::nhwc); }

dnnl::pooling_forward::desc pool_desc(const PoolShape& s, bool training) {
  // TensorFlow's average pooling divides by the window's cells inside the input, so padding is excluded.
  const algorithm alg = s.max ? algorithm::pooling_max : algorithm::pooling_avg_exclude_padding;
  return dnnl::pooling_forward::desc(training ? prop_kind::forward_training : prop_kind::forward_inference, alg, pool_src_md(s), pool_dst_md(s),
                                     {s.sh, s.sw}, {s.kh, s.kw}, {s.pt, s.pl}, {s.pb, s.pr});
}

std::string pool_key(const char* kind, const PoolShape& s, int64_t flag) {
  return key_of(kind, {s.n, s.h, s.w, s.c, s.oh, s.ow, s.kh, s.kw, s.sh, s.sw, s.pt, s.pl, s.pb, s.pr, s.max ? 1 : 0, flag});
}

struct PoolFwd {
  dnnl::pooling_forward::primitive_desc pd;
  dnnl::pooling_forward prim;
  Bound x, y, ws;
  bool has_ws;
  PoolFwd(const PoolShape& s, bool training)
      : pd(pool_desc(s, training), cpu()), prim(pd), x(user(pool_src_md(s))), y(user(pool_dst_md(s))),
        ws(user(pd.workspace_desc())), has_ws(pd.workspace_desc().get_size() > 0) {
    note_impl("pooling forward", pd.impl_info_str());
  }
};

struct PoolBwd {
  dnnl::pooling_backward::primitive_desc pd;
  dnnl::pooling_backward prim;
  Bound dy, dx, ws;
  bool has_ws;
  PoolBwd(const PoolShape& s, const dnnl::pooling_forward::primitive_desc& hint)
      : pd(dnnl::pooling_backward::desc(s.max ? algorithm::pooling_max : algorithm::pooling_avg_exclude_padding, pool_src_md(s), pool_dst_md(s),
                                        {s.sh, s.sw}, {s.kh, s.kw}, {s.pt, s.pl}, {s.pb, s.pr}),
           cpu(), hint),
        prim(pd), dy(user(pool_dst_md(s))), dx(user(pool_src_md(s))), ws(user(hint.workspace_desc())), has_ws(hint.workspace_desc().get_size() > 0) {}
};

}  // namespace

// ---- public functions ------------------------------------------------------------------------------------------

// oneDNN fixes a primitive's thread partition when it is created, so primitives made for another thread count go.
void set_threads(int n) {
  if (n != omp_get_max_threads()) clear_cache();
  omp_set_num_threads(n);
}
int threads() { return omp_get_max_threads(); }

std::string version() {
  const dnnl_version_t* v = dnnl_version();
  std::ostringstream s;
  s << v->major << '.' << v->minor << '.' << v->patch;
  return s.str();
}

std::string implementations() {
  std::ostringstream s;
  bool first = true;
  for (auto& [k, v] : chosen()) {
    s << (first ? "" : "; ") << k << ": " << v;
    first = false;
  }
  return s.str();
}

void clear_cache() {
  clear_kind<ConvFwd>();
  clear_kind<ConvBwdData>();
  clear_kind<ConvBwdWeights>();
  clear_kind<IpFwd>();
  clear_kind<IpBwdData>();
  clear_kind<IpBwdWeights>();
  clear_kind<ActFwd>();
  clear_kind<ActBwd>();
  clear_kind<PoolFwd>();
  clear_kind<PoolBwd>();
}

size_t cache_size() {
  return cache<ConvFwd>().size() + cache<ConvBwdData>().size() + cache<ConvBwdWeights>().size() + cache<IpFwd>().size() +
         cache<IpBwdData>().size() + cache<IpBwdWeights>().size() +
         cache<ActFwd>().size() + cache<ActBwd>().size() + cache<PoolFwd>().size() + cache<PoolBwd>().size();
}

namespace {

// The three calls every layer with weights makes, for convolution and inner-product primitives alike.
template <typename P>
void run_forward(P& p, const float* x, const float* w, const float* b, float* y) {
  p.src.bind(x);
  p.dst.bind(y);
  p.w.load(w);
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, p.src.mem}, {DNNL_ARG_WEIGHTS, p.w.inner}, {DNNL_ARG_DST, p.dst.mem}};
  if (b) {
    p.bias.bind(b);
    args.emplace(DNNL_ARG_BIAS, p.bias.mem);
  }
  p.prim.execute(stream(), args);
  stream().wait();
}

template <typename P>
void run_backward_data(P& p, const float* dy, const float* w, float* dx) {
  p.dy.bind(dy);
  p.dx.bind(dx);
  p.w.load(w);
  p.prim.execute(stream(), {{DNNL_ARG_DIFF_DST, p.dy.mem}, {DNNL_ARG_WEIGHTS, p.w.inner}, {DNNL_ARG_DIFF_SRC, p.dx.mem}});
  stream().wait();
}

template <typename P>
void run_backward_weights(P& p, const float* x, const float* dy, float* dw, float* db) {
  p.x.bind(x);
  p.dy.bind(dy);
  p.dw.target(dw);
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, p.x.mem}, {DNNL_ARG_DIFF_DST, p.dy.mem}, {DNNL_ARG_DIFF_WEIGHTS, p.dw.inner}};
  if (db) {
    p.db.bind(db);
    args.emplace(DNNL_ARG_DIFF_BIAS, p.db.mem);
  }
  p.prim.execute(stream(), args);
  p.dw.store(dw);
  stream().wait();
}

}  // namespace

void conv_forward(const ConvShape& s, bool training, const float* x, const float* w, const float* b, float* y) {
  run_forward(cached<ConvFwd>(conv_key("cf", s, (training ? 2 : 0) + (b ? 1 : 0)), [&] { return std::make_unique<ConvFwd>(s, training, b != nullptr); }), x, w, b, y);
}

void conv_backward_data(const ConvShape& s, const float* dy, const float* w, float* dx) {
  run_backward_data(cached<ConvBwdData>(conv_key("cbd", s, 0), [&] { return std::make_unique<ConvBwdData>(s); }), dy, w, dx);
}

void conv_backward_weights(const ConvShape& s, const float* x, const float* dy, float* dw, float* db) {
  run_backward_weights(cached<ConvBwdWeights>(conv_key("cbw", s, db ? 1 : 0), [&] { return std::make_unique<ConvBwdWeights>(s, db != nullptr); }), x, dy, dw, db);
}

void dense_forward(int64_t n, int64_t in, int64_t out, bool training, const float* x, const float* w, const float* b, float* y) {
  run_forward(cached<IpFwd>(key_of("df", {n, in, out, training ? 1 : 0, b ? 1 : 0}), [&] { return std::make_unique<IpFwd>(n, in, out, training, b != nullptr); }), x, w, b, y);
}

void dense_backward_data(int64_t n, int64_t in, int64_t out, const float* dy, const float* w, float* dx) {
  run_backward_data(cached<IpBwdData>(key_of("dbd", {n, in, out}), [&] { return std::make_unique<IpBwdData>(n, in, out); }), dy, w, dx);
}

void dense_backward_weights(int64_t n, int64_t in, int64_t out, const float* x, const float* dy, float* dw, float* db) {
  run_backward_weights(cached<IpBwdWeights>(key_of("dbw", {n, in, out, db ? 1 : 0}), [&] { return std::make_unique<IpBwdWeights>(n, in, out, db != nullptr); }), x, dy, dw, db);
}

void eltwise_forward(int kind, int64_t n, bool training, const float* x, float* y) {
  auto& p = cached<ActFwd>(key_of("ef", {kind, n, training ? 1 : 0}), [&] { return std::make_unique<ActFwd>(kind, n, training); });
  p.x.bind(x);
  p.y.bind(y);
  p.prim.execute(stream(), {{DNNL_ARG_SRC, p.x.mem}, {DNNL_ARG_DST, p.y.mem}});
  stream().wait();
}

void eltwise_backward(int kind, int64_t n, const float* x, const float* dy, float* dx) {
  auto& p = cached<ActBwd>(key_of("eb", {kind, n}), [&] { return std::make_unique<ActBwd>(kind, n); });
  p.x.bind(x);
  p.dy.bind(dy);
  p.dx.bind(dx);
  p.prim.execute(stream(), {{DNNL_ARG_SRC, p.x.mem}, {DNNL_ARG_DIFF_DST, p.dy.mem}, {DNNL_ARG_DIFF_SRC, p.dx.mem}});
  stream().wait();
}

static PoolFwd& pool_fwd(const PoolShape& s, bool training) {
  return cached<PoolFwd>(pool_key("pf", s, training ? 1 : 0), [&] { return std::make_unique<PoolFwd>(s, training); });
}

size_t pool_workspace_bytes(const PoolShape& s) { return pool_fwd(s, true).pd.workspace_desc().get_size(); }

void pool_forward(const PoolShape& s, bool training, const float* x, float* y, void* workspace) {
  auto& p = pool_fwd(s, training);
  p.x.bind(x);
  p.y.bind(y);
  std::unordered_map<int, memory> args{{DNNL_ARG_SRC, p.x.mem}, {DNNL_ARG_DST, p.y.mem}};
  if (p.has_ws) {
    if (!workspace) throw std::invalid_argument("max pooling in training needs a workspace of pool_workspace_bytes()");
    p.ws.bind(workspace);
    args.emplace(DNNL_ARG_WORKSPACE, p.ws.mem);
  }
  p.prim.execute(stream(), args);
  stream().wait();
}

void pool_backward(const PoolShape& s, const float* dy, const void* workspace, float* dx) {
  auto& fwd = pool_fwd(s, true);
  auto& p = cached<PoolBwd>(pool_key("pb", s, 0), [&] { return std::make_unique<PoolBwd>(s, fwd.pd); });
  p.dy.bind(dy);
  p.dx.bind(dx);
  std::unordered_map<int, memory> args{{DNNL_ARG_DIFF_DST, p.dy.mem}, {DNNL_ARG_DIFF_SRC, p.dx.mem}};
  if (p.has_ws) {
    if (!workspace) throw std::invalid_argument("max pooling backward needs the workspace its forward pass wrote");
    p.ws.bind(workspace);
    args.emplace(DNNL_ARG_WORKSPACE, p.ws.mem);
  }
  p.prim.execute(stream(), args);
  stream().wait();
}

}  // namespace tinyevo
