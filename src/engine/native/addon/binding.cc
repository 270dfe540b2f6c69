// N-API entry points of tinyevo's native engine. Each checks its arguments' types and lengths against the shape it
// is given, so a wrong call from JavaScript is a thrown Error naming the argument, never a read past a buffer.
#include <napi.h>

#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <vector>

#include "kernels.h"
#include "primitives.h"

namespace {

using namespace tinyevo;

struct ArgError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string where(const char* fn, int i) { return std::string(fn) + ": argument " + std::to_string(i); }

int64_t int_arg(const Napi::CallbackInfo& info, int i, const char* fn) {
  if (!info[i].IsNumber()) throw ArgError(where(fn, i) + " must be a number");
  return info[i].As<Napi::Number>().Int64Value();
}

double num_arg(const Napi::CallbackInfo& info, int i, const char* fn) {
  if (!info[i].IsNumber()) throw ArgError(where(fn, i) + " must be a number");
  return info[i].As<Napi::Number>().DoubleValue();
}

bool bool_arg(const Napi::CallbackInfo& info, int i, const char* fn) {
  if (!info[i].IsBoolean()) throw ArgError(where(fn, i) + " must be a boolean");
  return info[i].As<Napi::Boolean>().Value();
}

// A Float32Array argument holding at least `need` values; null or undefined gives nullptr when `optional`.
float* f32(const Napi::CallbackInfo& info, int i, int64_t need, const char* fn, bool optional = false) {
  const Napi::Value v = info[i];
  if (optional && (v.IsNull() || v.IsUndefined())) return nullptr;
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) throw ArgError(where(fn, i) + " must be a Float32Array");
  auto a = v.As<Napi::Float32Array>();
  if (static_cast<int64_t>(a.ElementLength()) < need) {
    throw ArgError(where(fn, i) + " must hold at least " + std::to_string(need) + " values; got " + std::to_string(a.ElementLength()));
  }
  return a.Data();
}

const int32_t* i32(const Napi::CallbackInfo& info, int i, int64_t need, const char* fn) {
  const Napi::Value v = info[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) throw ArgError(where(fn, i) + " must be an Int32Array");
  auto a = v.As<Napi::Int32Array>();
  if (static_cast<int64_t>(a.ElementLength()) < need) throw ArgError(where(fn, i) + " must hold at least " + std::to_string(need) + " values");
  return a.Data();
}

void* bytes(const Napi::CallbackInfo& info, int i, size_t need, const char* fn) {
  if (need == 0) return nullptr;
  const Napi::Value v = info[i];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) throw ArgError(where(fn, i) + " must be a Uint8Array");
  auto a = v.As<Napi::Uint8Array>();
  if (a.ByteLength() < need) throw ArgError(where(fn, i) + " must hold at least " + std::to_string(need) + " bytes");
  return a.Data();
}

ConvShape conv_shape(const Napi::CallbackInfo& info, int i, const char* fn) {
  const int32_t* p = i32(info, i, 18, fn);
  ConvShape s{p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17]};
  if (s.groups < 1 || s.c % s.groups != 0 || s.o % s.groups != 0) throw ArgError(std::string(fn) + ": channels and filters must be multiples of groups");
  return s;
}

PoolShape pool_shape(const Napi::CallbackInfo& info, int i, const char* fn) {
  const int32_t* p = i32(info, i, 15, fn);
  return PoolShape{p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14] != 0};
}

// Runs `body`, turning oneDNN and argument errors into JavaScript exceptions.
template <typename F>
Napi::Value guarded(const Napi::CallbackInfo& info, F body) {
  Napi::Env env = info.Env();
  try {
    return body(env);
  } catch (const dnnl::error& e) {
    Napi::Error::New(env, std::string("oneDNN: ") + e.what() + " (status " + std::to_string(static_cast<int>(e.status)) + ")").ThrowAsJavaScriptException();
  } catch (const std::exception& e) {
    Napi::Error::New(env, e.what()).ThrowAsJavaScriptException();
  }
  return env.Undefined();
}

#define FN(name) Napi::Value name(const Napi::CallbackInfo& info)

FN(Version) {
  return guarded(info, [&](Napi::Env env) { return Napi::String::New(env, version()); });
}
FN(Threads) {
  return guarded(info, [&](Napi::Env env) { return Napi::Number::New(env, threads()); });
}
FN(SetThreads) {
  return guarded(info, [&](Napi::Env env) {
    const int64_t n = int_arg(info, 0, "setThreads");
    if (n < 1) throw ArgError("setThreads: threads must be >= 1");
    set_threads(static_cast<int>(n));
    return env.Undefined();
  });
}
FN(Implementations) {
  return guarded(info, [&](Napi::Env env) { return Napi::String::New(env, implementations()); });
}
FN(ClearCache) {
  return guarded(info, [&](Napi::Env env) {
    clear_cache();
    return env.Undefined();
  });
}
FN(CacheSize) {
  return guarded(info, [&](Napi::Env env) { return Napi::Number::New(env, static_cast<double>(cache_size())); });
}

FN(ConvForward) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "convForward";
    const ConvShape s = conv_shape(info, 0, fn);
    const bool training = bool_arg(info, 1, fn);
    const float* x = f32(info, 2, s.n * s.h * s.w * s.c, fn);
    const float* w = f32(info, 3, s.kh * s.kw * (s.c / s.groups) * s.o, fn);
    const float* b = f32(info, 4, s.o, fn, true);
    float* y = f32(info, 5, s.n * s.oh * s.ow * s.o, fn);
    conv_forward(s, training, x, w, b, y);
    return env.Undefined();
  });
}

FN(ConvBackwardData) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "convBackwardData";
    const ConvShape s = conv_shape(info, 0, fn);
    const float* dy = f32(info, 1, s.n * s.oh * s.ow * s.o, fn);
    const float* w = f32(info, 2, s.kh * s.kw * (s.c / s.groups) * s.o, fn);
    float* dx = f32(info, 3, s.n * s.h * s.w * s.c, fn);
    conv_backward_data(s, dy, w, dx);
    return env.Undefined();
  });
}

FN(ConvBackwardWeights) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "convBackwardWeights";
    const ConvShape s = conv_shape(info, 0, fn);
    const float* x = f32(info, 1, s.n * s.h * s.w * s.c, fn);
    const float* dy = f32(info, 2, s.n * s.oh * s.ow * s.o, fn);
    float* dw = f32(info, 3, s.kh * s.kw * (s.c / s.groups) * s.o, fn);
    float* db = f32(info, 4, s.o, fn, true);
    conv_backward_weights(s, x, dy, dw, db);
    return env.Undefined();
  });
}

FN(DenseForward) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "denseForward";
    const int64_t n = int_arg(info, 0, fn), in = int_arg(info, 1, fn), out = int_arg(info, 2, fn);
    const bool training = bool_arg(info, 3, fn);
    dense_forward(n, in, out, training, f32(info, 4, n * in, fn), f32(info, 5, in * out, fn), f32(info, 6, out, fn, true), f32(info, 7, n * out, fn));
    return env.Undefined();
  });
}

FN(DenseBackwardData) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "denseBackwardData";
    const int64_t n = int_arg(info, 0, fn), in = int_arg(info, 1, fn), out = int_arg(info, 2, fn);
    dense_backward_data(n, in, out, f32(info, 3, n * out, fn), f32(info, 4, in * out, fn), f32(info, 5, n * in, fn));
    return env.Undefined();
  });
}

FN(DenseBackwardWeights) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "denseBackwardWeights";
    const int64_t n = int_arg(info, 0, fn), in = int_arg(info, 1, fn), out = int_arg(info, 2, fn);
    dense_backward_weights(n, in, out, f32(info, 3, n * in, fn), f32(info, 4, n * out, fn), f32(info, 5, in * out, fn), f32(info, 6, out, fn, true));
    return env.Undefined();
  });
}

FN(BnActForwardTraining) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "bnActForwardTraining";
    const int64_t m = int_arg(info, 0, fn), c = int_arg(info, 1, fn);
    const float eps = static_cast<float>(num_arg(info, 2, fn));
    const int act = static_cast<int>(int_arg(info, 3, fn));
    bn_act_forward_training(m, c, eps, act, f32(info, 4, m * c, fn), f32(info, 5, c, fn), f32(info, 6, c, fn), f32(info, 7, m * c, fn), f32(info, 8, c, fn), f32(info, 9, c, fn));
    return env.Undefined();
  });
}

FN(BnActForwardInference) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "bnActForwardInference";
    const int64_t m = int_arg(info, 0, fn), c = int_arg(info, 1, fn);
    const float eps = static_cast<float>(num_arg(info, 2, fn));
    const int act = static_cast<int>(int_arg(info, 3, fn));
    bn_act_forward_inference(m, c, eps, act, f32(info, 4, m * c, fn), f32(info, 5, c, fn), f32(info, 6, c, fn), f32(info, 7, c, fn), f32(info, 8, c, fn), f32(info, 9, m * c, fn));
    return env.Undefined();
  });
}

FN(BnActBackward) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "bnActBackward";
    const int64_t m = int_arg(info, 0, fn), c = int_arg(info, 1, fn);
    const float eps = static_cast<float>(num_arg(info, 2, fn));
    const int act = static_cast<int>(int_arg(info, 3, fn));
    bn_act_backward(m, c, eps, act, f32(info, 4, m * c, fn), f32(info, 5, m * c, fn), f32(info, 6, c, fn), f32(info, 7, c, fn), f32(info, 8, c, fn), f32(info, 9, c, fn),
                    f32(info, 10, m * c, fn, true), f32(info, 11, c, fn), f32(info, 12, c, fn));
    return env.Undefined();
  });
}

FN(ActivationForward) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "activationForward";
    const int kind = static_cast<int>(int_arg(info, 0, fn));
    const int64_t n = int_arg(info, 1, fn);
    eltwise_forward(kind, n, bool_arg(info, 2, fn), f32(info, 3, n, fn), f32(info, 4, n, fn));
    return env.Undefined();
  });
}

FN(ActivationBackward) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "activationBackward";
    const int kind = static_cast<int>(int_arg(info, 0, fn));
    const int64_t n = int_arg(info, 1, fn);
    eltwise_backward(kind, n, f32(info, 2, n, fn), f32(info, 3, n, fn), f32(info, 4, n, fn));
    return env.Undefined();
  });
}

FN(PoolWorkspaceBytes) {
  return guarded(info, [&](Napi::Env env) { return Napi::Number::New(env, static_cast<double>(pool_workspace_bytes(pool_shape(info, 0, "poolWorkspaceBytes")))); });
}

FN(PoolForward) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "poolForward";
    const PoolShape s = pool_shape(info, 0, fn);
    const bool training = bool_arg(info, 1, fn);
    const size_t ws = training ? pool_workspace_bytes(s) : 0;
    pool_forward(s, training, f32(info, 2, s.n * s.h * s.w * s.c, fn), f32(info, 3, s.n * s.oh * s.ow * s.c, fn), bytes(info, 4, ws, fn));
    return env.Undefined();
  });
}

FN(PoolBackward) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "poolBackward";
    const PoolShape s = pool_shape(info, 0, fn);
    pool_backward(s, f32(info, 1, s.n * s.oh * s.ow * s.c, fn), bytes(info, 2, pool_workspace_bytes(s), fn), f32(info, 3, s.n * s.h * s.w * s.c, fn));
    return env.Undefined();
  });
}

FN(Add) {
  return guarded(info, [&](Napi::Env env) {
    const int64_t n = int_arg(info, 0, "add");
    add(n, f32(info, 1, n, "add"), f32(info, 2, n, "add"), f32(info, 3, n, "add"));
    return env.Undefined();
  });
}

FN(Accumulate) {
  return guarded(info, [&](Napi::Env env) {
    const int64_t n = int_arg(info, 0, "accumulate");
    accumulate(n, f32(info, 1, n, "accumulate"), f32(info, 2, n, "accumulate"));
    return env.Undefined();
  });
}

// (rows, channels Int32Array, arrays Array<Float32Array|null>) -> pointers, checked.
std::vector<float*> channel_arrays(const Napi::CallbackInfo& info, int i, int64_t rows, const int32_t* channels, int count, const char* fn, bool nullable) {
  if (!info[i].IsArray()) throw ArgError(where(fn, i) + " must be an array of Float32Array");
  auto arr = info[i].As<Napi::Array>();
  if (static_cast<int>(arr.Length()) != count) throw ArgError(where(fn, i) + " must hold one array per input");
  std::vector<float*> out(count);
  for (int k = 0; k < count; k++) {
    Napi::Value v = arr.Get(k);
    if (nullable && v.IsNull()) {
      out[k] = nullptr;
      continue;
    }
    if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) throw ArgError(where(fn, i) + " element " + std::to_string(k) + " must be a Float32Array");
    auto a = v.As<Napi::Float32Array>();
    if (static_cast<int64_t>(a.ElementLength()) < rows * channels[k]) throw ArgError(where(fn, i) + " element " + std::to_string(k) + " is too short");
    out[k] = a.Data();
  }
  return out;
}

FN(ConcatChannels) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "concatChannels";
    const int64_t rows = int_arg(info, 0, fn);
    if (!info[1].IsTypedArray()) throw ArgError(where(fn, 1) + " must be an Int32Array");
    const int count = static_cast<int>(info[1].As<Napi::TypedArray>().ElementLength());
    const int32_t* ch = i32(info, 1, count, fn);
    int64_t total = 0;
    for (int k = 0; k < count; k++) total += ch[k];
    auto xs = channel_arrays(info, 2, rows, ch, count, fn, false);
    concat_channels(rows, count, ch, xs.data(), f32(info, 3, rows * total, fn));
    return env.Undefined();
  });
}

FN(SplitChannels) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "splitChannels";
    const int64_t rows = int_arg(info, 0, fn);
    if (!info[1].IsTypedArray()) throw ArgError(where(fn, 1) + " must be an Int32Array");
    const int count = static_cast<int>(info[1].As<Napi::TypedArray>().ElementLength());
    const int32_t* ch = i32(info, 1, count, fn);
    int64_t total = 0;
    for (int k = 0; k < count; k++) total += ch[k];
    const float* dy = f32(info, 2, rows * total, fn);
    auto dxs = channel_arrays(info, 3, rows, ch, count, fn, true);
    split_channels(rows, count, ch, dy, dxs.data());
    return env.Undefined();
  });
}

FN(PadForward) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "padForward";
    const int32_t* p = i32(info, 0, 8, fn);
    const int64_t n = p[0], h = p[1], w = p[2], c = p[3], t = p[4], b = p[5], l = p[6], r = p[7];
    pad_forward(n, h, w, c, t, b, l, r, f32(info, 1, n * h * w * c, fn), f32(info, 2, n * (h + t + b) * (w + l + r) * c, fn));
    return env.Undefined();
  });
}

FN(PadBackward) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "padBackward";
    const int32_t* p = i32(info, 0, 8, fn);
    const int64_t n = p[0], h = p[1], w = p[2], c = p[3], t = p[4], b = p[5], l = p[6], r = p[7];
    pad_backward(n, h, w, c, t, b, l, r, f32(info, 1, n * (h + t + b) * (w + l + r) * c, fn), f32(info, 2, n * h * w * c, fn));
    return env.Undefined();
  });
}

FN(SoftmaxXent) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "softmaxCrossEntropy";
    const int64_t n = int_arg(info, 0, fn), k = int_arg(info, 1, fn);
    const float* z = f32(info, 2, n * k, fn);
    const int32_t* labels = i32(info, 3, n, fn);
    for (int64_t r = 0; r < n; r++)
      if (labels[r] < 0 || labels[r] >= k) throw ArgError(std::string(fn) + ": label " + std::to_string(labels[r]) + " at row " + std::to_string(r) + " must be in [0, " + std::to_string(k) + ")");
    float* dz = f32(info, 4, n * k, fn, true);
    int64_t correct = 0;
    const double loss = softmax_xent(n, k, z, labels, dz, &correct);
    auto out = Napi::Array::New(env, 2);
    out.Set(0u, Napi::Number::New(env, loss));
    out.Set(1u, Napi::Number::New(env, static_cast<double>(correct)));
    return out.As<Napi::Value>();
  });
}

FN(Sgd) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "sgd";
    float* w = f32(info, 0, 0, fn);
    const int64_t n = info[0].As<Napi::Float32Array>().ElementLength();
    sgd(n, w, f32(info, 1, n, fn), f32(info, 2, n, fn), static_cast<float>(num_arg(info, 3, fn)), static_cast<float>(num_arg(info, 4, fn)),
        bool_arg(info, 5, fn), static_cast<float>(num_arg(info, 6, fn)));
    return env.Undefined();
  });
}

FN(Adam) {
  return guarded(info, [&](Napi::Env env) {
    const char* fn = "adam";
    float* w = f32(info, 0, 0, fn);
    const int64_t n = info[0].As<Napi::Float32Array>().ElementLength();
    adam(n, w, f32(info, 1, n, fn), f32(info, 2, n, fn), f32(info, 3, n, fn), static_cast<float>(num_arg(info, 4, fn)),
         static_cast<float>(num_arg(info, 5, fn)), static_cast<float>(num_arg(info, 6, fn)), static_cast<float>(num_arg(info, 7, fn)),
         int_arg(info, 8, fn), static_cast<float>(num_arg(info, 9, fn)));
    return env.Undefined();
  });
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  const std::pair<const char*, Napi::Function::Callback> fns[] = {
      {"version", Version}, {"threads", Threads}, {"setThreads", SetThreads}, {"implementations", Implementations},
      {"clearCache", ClearCache}, {"cacheSize", CacheSize}, {"convForward", ConvForward}, {"convBackwardData", ConvBackwardData},
      {"convBackwardWeights", ConvBackwardWeights}, {"denseForward", DenseForward}, {"denseBackwardData", DenseBackwardData},
      {"denseBackwardWeights", DenseBackwardWeights}, {"bnActForwardTraining", BnActForwardTraining}, {"bnActForwardInference", BnActForwardInference}, {"bnActBackward", BnActBackward}, {"activationForward", ActivationForward}, {"activationBackward", ActivationBackward},
      {"poolWorkspaceBytes", PoolWorkspaceBytes}, {"poolForward", PoolForward}, {"poolBackward", PoolBackward}, {"add", Add},
      {"accumulate", Accumulate}, {"concatChannels", ConcatChannels}, {"splitChannels", SplitChannels}, {"padForward", PadForward},
      {"padBackward", PadBackward}, {"softmaxCrossEntropy", SoftmaxXent}, {"sgd", Sgd}, {"adam", Adam},
  };
  for (const auto& [name, f] : fns) exports.Set(name, Napi::Function::New(env, f, name));
  return exports;
}

}  // namespace

NODE_API_MODULE(tinyevo_native, Init)
