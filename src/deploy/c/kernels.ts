// The C kernels of generated models: TFLite's int8 reference kernels (TFLite Micro's arithmetic, double rounding),
// written here in plain C99. Each kernel, and each arithmetic helper, is emitted only when the model uses it (an
// unused static function fails -Wall -Werror). A TINYEVO_USE_CMSIS_NN build can replace a kernel by defining its
// name as a macro to a CMSIS-NN wrapper before including the model source.
import type { QOp } from '../../quantize/types.js';

/** A piece of C source (a helper or a kernel) and the helpers it calls. */
interface Part {
  readonly code: string;
  readonly uses: readonly Part[];
}

const highMul: Part = { uses: [], code: `
static int32_t te_high_mul(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / ((int64_t)1 << 31));
}` };
const divPot: Part = { uses: [], code: `
static int32_t te_div_pot(int32_t x, int e) {
  if (e == 0) return x;
  int32_t mask = (int32_t)(((int64_t)1 << e) - 1);
  int32_t rem = x & mask;
  int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> e) + (rem > threshold ? 1 : 0);
}` };
const requant: Part = { uses: [highMul, divPot], code: `
static int32_t te_requant(int32_t x, int32_t m, int32_t shift) {
  int left = shift > 0 ? shift : 0;
  int right = shift > 0 ? 0 : -shift;
  return te_div_pot(te_high_mul((int32_t)((uint32_t)x << left), m), right);
}` };
const clamp: Part = { uses: [], code: `
static int8_t te_clamp(int32_t v, int32_t lo, int32_t hi) { return (int8_t)(v < lo ? lo : v > hi ? hi : v); }` };

const conv: Part = { uses: [requant, clamp], code: `
#ifndef te_conv
static void te_conv(const int8_t *in, int ih, int iw, int ic, const int8_t *w, const int32_t *bias, int8_t *out,
                    int oh, int ow, int oc, int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl, int fc,
                    int32_t in_zp, int32_t out_zp, const int32_t *mult, const int32_t *shift, int32_t lo, int32_t hi) {
  int group_out = oc / (ic / fc);
  for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) for (int o = 0; o < oc; o++) {
    int base_c = (o / group_out) * fc;
    int32_t acc = 0;
    for (int fy = 0; fy < kh; fy++) {
      int iy = oy * sh - pt + fy * dh;
      if (iy < 0 || iy >= ih) continue;
      for (int fx = 0; fx < kw; fx++) {
        int ix = ox * sw - pl + fx * dw;
        if (ix < 0 || ix >= iw) continue;
        const int8_t *x = in + (iy * iw + ix) * ic + base_c;
        const int8_t *k = w + ((o * kh + fy) * kw + fx) * fc;
        for (int c = 0; c < fc; c++) acc += (int32_t)k[c] * ((int32_t)x[c] - in_zp);
      }
    }
    if (bias) acc += bias[o];
    out[(oy * ow + ox) * oc + o] = te_clamp(te_requant(acc, mult[o], shift[o]) + out_zp, lo, hi);
  }
}
#endif
` };

const depthwise: Part = { uses: [requant, clamp], code: `
#ifndef te_depthwise
static void te_depthwise(const int8_t *in, int ih, int iw, int ic, const int8_t *w, const int32_t *bias, int8_t *out,
                         int oh, int ow, int oc, int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl, int dm,
                         int32_t in_zp, int32_t out_zp, const int32_t *mult, const int32_t *shift, int32_t lo, int32_t hi) {
  for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) for (int o = 0; o < oc; o++) {
    int c = o / dm;
    int32_t acc = 0;
    for (int fy = 0; fy < kh; fy++) {
      int iy = oy * sh - pt + fy * dh;
      if (iy < 0 || iy >= ih) continue;
      for (int fx = 0; fx < kw; fx++) {
        int ix = ox * sw - pl + fx * dw;
        if (ix < 0 || ix >= iw) continue;
        acc += (int32_t)w[(fy * kw + fx) * oc + o] * ((int32_t)in[(iy * iw + ix) * ic + c] - in_zp);
      }
    }
    if (bias) acc += bias[o];
    out[(oy * ow + ox) * oc + o] = te_clamp(te_requant(acc, mult[o], shift[o]) + out_zp, lo, hi);
  }
}
#endif
` };

const fullyConnected: Part = { uses: [requant, clamp], code: `
#ifndef te_fully_connected
static void te_fully_connected(const int8_t *in, int depth, const int8_t *w, const int32_t *bias, int8_t *out, int units,
                               int32_t in_zp, int32_t out_zp, const int32_t *mult, const int32_t *shift, int per_channel, int32_t lo, int32_t hi) {
  for (int u = 0; u < units; u++) {
    int32_t acc = 0;
    const int8_t *k = w + u * depth;
    for (int d = 0; d < depth; d++) acc += (int32_t)k[d] * ((int32_t)in[d] - in_zp);
    if (bias) acc += bias[u];
    int q = per_channel ? u : 0;
    out[u] = te_clamp(te_requant(acc, mult[q], shift[q]) + out_zp, lo, hi);
  }
}
#endif
` };

const pool: Part = { uses: [clamp], code: `
static void te_pool(const int8_t *in, int ih, int iw, int c, int8_t *out, int oh, int ow, int fh, int fw, int sh, int sw,
                    int pt, int pl, int is_max, int32_t lo, int32_t hi) {
  for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) {
    int y0 = oy * sh - pt, x0 = ox * sw - pl;
    int fy0 = y0 < 0 ? -y0 : 0, fx0 = x0 < 0 ? -x0 : 0;
    int fy1 = fh < ih - y0 ? fh : ih - y0, fx1 = fw < iw - x0 ? fw : iw - x0;
    for (int ch = 0; ch < c; ch++) {
      int32_t acc = is_max ? -128 : 0;
      int32_t count = 0;
      for (int fy = fy0; fy < fy1; fy++) for (int fx = fx0; fx < fx1; fx++) {
        int32_t v = in[((y0 + fy) * iw + (x0 + fx)) * c + ch];
        if (is_max) { if (v > acc) acc = v; } else acc += v;
        count++;
      }
      if (!is_max && count > 0) acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
      out[(oy * ow + ox) * c + ch] = te_clamp(acc, lo, hi);
    }
  }
}
` };

const add: Part = { uses: [highMul, divPot, clamp], code: `
static void te_add(const int8_t *a, const int8_t *b, int8_t *out, int n, int32_t za, int32_t zb, int32_t zo,
                   int32_t ma, int32_t sa, int32_t mb, int32_t sb, int32_t mo, int32_t so, int32_t lo, int32_t hi) {
  for (int i = 0; i < n; i++) {
    int32_t x = te_div_pot(te_high_mul(((int32_t)a[i] - za) * (1 << 20), ma), -sa);
    int32_t y = te_div_pot(te_high_mul(((int32_t)b[i] - zb) * (1 << 20), mb), -sb);
    out[i] = te_clamp(te_div_pot(te_high_mul(x + y, mo), -so) + zo, lo, hi);
  }
}
` };

const rescale: Part = { uses: [requant, clamp], code: `
static void te_rescale(const int8_t *in, int8_t *out, int n, int32_t zi, int32_t zo, int32_t m, int32_t s, int32_t lo, int32_t hi) {
  for (int i = 0; i < n; i++) out[i] = te_clamp(zo + te_requant((int32_t)in[i] - zi, m, s), lo, hi);
}
` };

const pad: Part = { uses: [], code: `
static void te_pad4(const int8_t *in, int ih, int iw, int c, int8_t *out, int oh, int ow, int pt, int pl, int8_t zp) {
  memset(out, zp, (size_t)oh * ow * c);
  for (int y = 0; y < ih; y++) memcpy(out + ((y + pt) * ow + pl) * c, in + y * iw * c, (size_t)iw * c);
}
` };

const softmax: Part = { uses: [highMul, divPot, clamp], code: `
static int32_t te_mul_pot(int32_t x, int e) {
  if (e <= 0) return te_div_pot(x, -e);
  int32_t threshold = (int32_t)(((int64_t)1 << (31 - e)) - 1);
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return (int32_t)((uint32_t)x << e);
}
static int32_t te_exp_quarter(int32_t a) {
  int32_t x = (int32_t)((uint32_t)a + (1u << 28));
  int32_t x2 = te_high_mul(x, x), x3 = te_high_mul(x2, x), x4 = te_high_mul(x2, x2);
  int32_t poly = te_mul_pot((int32_t)((uint32_t)te_high_mul((int32_t)((uint32_t)te_mul_pot(x4, -2) + (uint32_t)x3), 715827883) + (uint32_t)x2), -1);
  return (int32_t)(1895147668u + (uint32_t)te_high_mul(1895147668, (int32_t)((uint32_t)x + (uint32_t)poly)));
}
static int32_t te_exp_neg(int32_t a) { /* 5 integer bits in, 0 out */
  static const int32_t mult[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  int32_t quarter = 1 << 24;
  int32_t r = (int32_t)((uint32_t)(a & (quarter - 1)) - (uint32_t)quarter);
  int32_t result = te_exp_quarter(te_mul_pot(r, 5));
  int32_t rem = (int32_t)((uint32_t)r - (uint32_t)a);
  for (int k = 0; k < 7; k++) if (rem & (1 << (26 + k - 2))) result = te_high_mul(result, mult[k]);
  return a == 0 ? INT32_MAX : result;
}
static int32_t te_one_over_one_plus_x(int32_t a) {
  int64_t sum = (int64_t)a + INT32_MAX;
  int32_t half = (int32_t)((sum + (sum >= 0 ? 1 : -1)) / 2);
  int32_t x = (int32_t)(1515870810u + (uint32_t)te_high_mul(half, -1010580540));
  for (int i = 0; i < 3; i++) {
    int32_t one_minus = (int32_t)((1u << 29) - (uint32_t)te_high_mul(half, x));
    x = (int32_t)((uint32_t)x + (uint32_t)te_mul_pot(te_high_mul(x, one_minus), 2));
  }
  return te_mul_pot(x, 1);
}
static void te_softmax(const int8_t *in, int8_t *out, int rows, int depth, int32_t mult, int32_t left, int32_t diff_min) {
  for (int r = 0; r < rows; r++) {
    const int8_t *x = in + r * depth;
    int8_t *y = out + r * depth;
    int32_t max = -128, sum = 0;
    for (int c = 0; c < depth; c++) if (x[c] > max) max = x[c];
    for (int c = 0; c < depth; c++) {
      int32_t d = x[c] - max;
      if (d >= diff_min) sum = (int32_t)((uint32_t)sum + (uint32_t)te_div_pot(te_exp_neg(te_high_mul((int32_t)((uint32_t)d << left), mult)), 12));
    }
    int headroom = 0;
    while (headroom < 32 && !((uint32_t)sum & (0x80000000u >> headroom))) headroom++;
    int32_t recip = te_one_over_one_plus_x((int32_t)(((uint32_t)sum << headroom) - 0x80000000u));
    int bits_over_unit = 12 - headroom;
    for (int c = 0; c < depth; c++) {
      int32_t d = x[c] - max;
      if (d < diff_min) { y[c] = -128; continue; }
      int32_t e = te_exp_neg(te_high_mul((int32_t)((uint32_t)d << left), mult));
      y[c] = te_clamp(te_div_pot(te_high_mul(recip, e), bits_over_unit + 31 - 8) - 128, -128, 127);
    }
  }
}
` };

/** The kernel an op calls; none for a reshape (a copy or nothing) and a concatenation (copies). */
function kernelOf(kind: QOp['kind']): Part | null {
  switch (kind) {
    case 'conv2d': return conv;
    case 'depthwiseConv2d': return depthwise;
    case 'fullyConnected': return fullyConnected;
    case 'maxPool2d': case 'averagePool2d': return pool;
    case 'add': return add;
    case 'relu': case 'relu6': return rescale;
    case 'pad': return pad;
    case 'softmax': return softmax;
    default: return null;
  }
}

/**
 * The C source of the kernels the ops call and of just the helpers those kernels use, each once, every helper
 * before its first caller; kernels in the order the ops first need them.
 */
export function kernelSource(kinds: Iterable<QOp['kind']>): string {
  const emitted = new Set<Part>();
  const out: string[] = [];
  const emit = (part: Part): void => {
    if (emitted.has(part)) return;
    emitted.add(part);
    part.uses.forEach(emit);
    out.push(part.code.trim());
  };
  for (const kind of kinds) {
    const kernel = kernelOf(kind);
    if (kernel) emit(kernel);
  }
  return out.map((code) => `${code}\n`).join('\n');
}
