// AssemblyScript, compiled to WebAssembly SIMD by `npm run build:simd` (not by tsc). These kernels run on tensors
// that live in the tfjs wasm backend's own heap: the module imports that memory, takes byte addresses of float32
// NHWC tensors, and allocates nothing (no data segments, no runtime), so it can never write outside the buffers it
// is given. Every size argument is in elements.

/** The first output column whose input column ox*sw + j - pl is >= 0. */
@inline function firstColumn(j: i32, pl: i32, sw: i32): i32 {
  return j < pl ? (pl - j + sw - 1) / sw : 0;
}

/**
 * One past the last output column (at most ow) whose input column ox*sw + j - pl is < w; 0 when even column 0 lies
 * past the input (a tap that only ever reads padding). Integer division truncates towards zero, so the negative
 * case must not reach it.
 */
@inline function endColumn(w: i32, j: i32, pl: i32, sw: i32, ow: i32): i32 {
  const last = w - 1 - j + pl;
  if (last < 0) return 0;
  const end = last / sw + 1;
  return end < ow ? end : ow;
}

/**
 * The two depthwise gradients share one walk over (image, output pixel, tap) with the input pixel ix inside the map;
 * per channel, `input` is the input-sized tensor at that pixel, `tap` the [kh, kw, C] tensor at that tap:
 * mode 0, filter gradient: tap[i, j, c] += input[b, iy, ix, c] * dy[b, oy, ox, c] (input is x, tap is the output);
 * mode 1, input gradient: input[b, iy, ix, c] += dy[b, oy, ox, c] * tap[i, j, c] (input is dx, tap is the filter).
 * The zeroed output is `tap` in mode 0 and `input` in mode 1. 4 channels at a time.
 */
function depthwiseWalk(mode: i32, input: usize, dy: usize, tap: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  if (mode === 0) memory.fill(tap, 0, <usize>(kh * kw * c) << 2);
  else memory.fill(input, 0, <usize>(n * h * w * c) << 2);
  const c4 = c & ~3;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const dyrow = dy + (<usize>((b * oh + oy) * ow * c) << 2);
      for (let i = 0; i < kh; i++) {
        const iy = oy * sh + i - pt;
        if (iy < 0 || iy >= h) continue;
        const inrow = input + (<usize>((b * h + iy) * w * c) << 2);
        for (let j = 0; j < kw; j++) {
          const ox0 = firstColumn(j, pl, sw);
          const ox1 = endColumn(w, j, pl, sw, ow);
          const tp = tap + (<usize>((i * kw + j) * c) << 2);
          for (let ox = ox0; ox < ox1; ox++) {
            const xp = inrow + (<usize>((ox * sw + j - pl) * c) << 2);
            const dp = dyrow + (<usize>(ox * c) << 2);
            // acc += a * b over the channels, where acc is the tap (mode 0) or the input pixel (mode 1).
            const acc = mode === 0 ? tp : xp;
            const other = mode === 0 ? xp : tp;
            let k = 0;
            for (; k < c4; k += 4) {
              const o = <usize>k << 2;
              v128.store(acc + o, f32x4.add(v128.load(acc + o), f32x4.mul(v128.load(other + o), v128.load(dp + o))));
            }
            for (; k < c; k++) {
              const o = <usize>k << 2;
              store<f32>(acc + o, load<f32>(acc + o) + load<f32>(other + o) * load<f32>(dp + o));
            }
          }
        }
      }
    }
  }
}

/** out[kh, kw, c] = sum over b, oy, ox of x[b, oy*sh + i - pt, ox*sw + j - pl, c] * dy[b, oy, ox, c]. */
export function depthwiseFilterGrad(x: usize, dy: usize, out: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  depthwiseWalk(0, x, dy, out, n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
}

/**
 * Depthwise conv input gradient: dx[b, oy*sh + i - pt, ox*sw + j - pl, c] += dy[b, oy, ox, c] * w[i, j, c], a
 * scatter per output pixel and tap (w is [kh, kw, C, 1]).
 */
export function depthwiseInputGrad(dy: usize, w: usize, dx: usize, n: i32, h: i32, wd: i32, c: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  depthwiseWalk(1, dx, dy, w, n, h, wd, c, oh, ow, kh, kw, sh, sw, pt, pl);
}

// ---- Dense conv filter gradient -------------------------------------------------------------------------------
// out[i, j, ci, co] = sum over b, oy, ox of x[b, oy*sh + i - pt, ox*sw + j - pl, ci] * dy[b, oy, ox, co]: for each
// tap (i, j) an outer-product sum over the output pixels. The output pixels are taken a few rows at a time (so that
// their x and dy stay in cache) and each tap's [ci, co] block in register tiles of 4 x 8, 1 x 8, 1 x 4 and 1 x 1.

/** Output rows of one pixel chunk: about this many output pixels per chunk. */
const CHUNK_PIXELS: i32 = 256;

// The geometry of the current call, set once by convFilterGrad (module globals: the tiles read them).
let gX: usize = 0;
let gDy: usize = 0;
let gH: i32 = 0;
let gW: i32 = 0;
let gCi: i32 = 0;
let gOh: i32 = 0;
let gOw: i32 = 0;
let gCo: i32 = 0;
let gSh: i32 = 0;
let gSw: i32 = 0;
let gPt: i32 = 0;
let gPl: i32 = 0;

/** 4 input channels x 8 output channels, accumulated over output rows [oy0, oy1) of image b, columns [ox0, ox1). */
function tile4x8(acc: usize, b: i32, oy0: i32, oy1: i32, i: i32, j: i32, ox0: i32, ox1: i32, c0: i32, o0: i32): void {
  const rs = <usize>gCo << 2;
  let a00 = v128.load(acc), a01 = v128.load(acc, 16);
  let a10 = v128.load(acc + rs), a11 = v128.load(acc + rs, 16);
  let a20 = v128.load(acc + 2 * rs), a21 = v128.load(acc + 2 * rs, 16);
  let a30 = v128.load(acc + 3 * rs), a31 = v128.load(acc + 3 * rs, 16);
  const xstep = <usize>(gSw * gCi) << 2;
  const dstep = <usize>gCo << 2;
  for (let oy = oy0; oy < oy1; oy++) {
    const iy = oy * gSh + i - gPt;
    if (iy < 0 || iy >= gH) continue;
    let xp = gX + (<usize>(((b * gH + iy) * gW + ox0 * gSw + j - gPl) * gCi + c0) << 2);
    let dp = gDy + (<usize>(((b * gOh + oy) * gOw + ox0) * gCo + o0) << 2);
    for (let ox = ox0; ox < ox1; ox++) {
      const d0 = v128.load(dp), d1 = v128.load(dp, 16);
      let s = f32x4.splat(load<f32>(xp));
      a00 = f32x4.add(a00, f32x4.mul(s, d0)); a01 = f32x4.add(a01, f32x4.mul(s, d1));
      s = f32x4.splat(load<f32>(xp, 4));
      a10 = f32x4.add(a10, f32x4.mul(s, d0)); a11 = f32x4.add(a11, f32x4.mul(s, d1));
      s = f32x4.splat(load<f32>(xp, 8));
      a20 = f32x4.add(a20, f32x4.mul(s, d0)); a21 = f32x4.add(a21, f32x4.mul(s, d1));
      s = f32x4.splat(load<f32>(xp, 12));
      a30 = f32x4.add(a30, f32x4.mul(s, d0)); a31 = f32x4.add(a31, f32x4.mul(s, d1));
      xp += xstep;
      dp += dstep;
    }
  }
  v128.store(acc, a00); v128.store(acc, a01, 16);
  v128.store(acc + rs, a10); v128.store(acc + rs, a11, 16);
  v128.store(acc + 2 * rs, a20); v128.store(acc + 2 * rs, a21, 16);
  v128.store(acc + 3 * rs, a30); v128.store(acc + 3 * rs, a31, 16);
}

/** 1 input channel x `width` (8, 4 or 1) output channels; otherwise as tile4x8. */
function tile1xN(width: i32, acc: usize, b: i32, oy0: i32, oy1: i32, i: i32, j: i32, ox0: i32, ox1: i32, c0: i32, o0: i32): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
  let s1: f32 = 0;
  if (width === 1) s1 = load<f32>(acc);
  else a0 = v128.load(acc);
  if (width === 8) a1 = v128.load(acc, 16);
  const xstep = <usize>(gSw * gCi) << 2;
  const dstep = <usize>gCo << 2;
  for (let oy = oy0; oy < oy1; oy++) {
    const iy = oy * gSh + i - gPt;
    if (iy < 0 || iy >= gH) continue;
    let xp = gX + (<usize>(((b * gH + iy) * gW + ox0 * gSw + j - gPl) * gCi + c0) << 2);
    let dp = gDy + (<usize>(((b * gOh + oy) * gOw + ox0) * gCo + o0) << 2);
    if (width === 8) {
      for (let ox = ox0; ox < ox1; ox++) {
        const s = f32x4.splat(load<f32>(xp));
        a0 = f32x4.add(a0, f32x4.mul(s, v128.load(dp)));
        a1 = f32x4.add(a1, f32x4.mul(s, v128.load(dp, 16)));
        xp += xstep;
        dp += dstep;
      }
    } else if (width === 4) {
      for (let ox = ox0; ox < ox1; ox++) {
        a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(xp)), v128.load(dp)));
        xp += xstep;
        dp += dstep;
      }
    } else {
      for (let ox = ox0; ox < ox1; ox++) {
        s1 += load<f32>(xp) * load<f32>(dp);
        xp += xstep;
        dp += dstep;
      }
    }
  }
  if (width === 1) {
    store<f32>(acc, s1);
  } else {
    v128.store(acc, a0);
    if (width === 8) v128.store(acc, a1, 16);
  }
}

/** The dense conv filter gradient (see above); out is [kh, kw, ci, co]. Reads past no buffer end. */
export function convFilterGrad(x: usize, dy: usize, out: usize, n: i32, h: i32, w: i32, ci: i32, oh: i32, ow: i32, co: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  memory.fill(out, 0, <usize>(kh * kw * ci * co) << 2);
  gX = x; gDy = dy; gH = h; gW = w; gCi = ci; gOh = oh; gOw = ow; gCo = co; gSh = sh; gSw = sw; gPt = pt; gPl = pl;
  let rows = CHUNK_PIXELS / ow;
  if (rows < 1) rows = 1;
  for (let b = 0; b < n; b++) {
    for (let oy0 = 0; oy0 < oh; oy0 += rows) {
      const oy1 = oy0 + rows < oh ? oy0 + rows : oh;
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const ox0 = firstColumn(j, pl, sw);
          const ox1 = endColumn(w, j, pl, sw, ow);
          if (ox0 >= ox1) continue;
          const tap = out + (<usize>((i * kw + j) * ci * co) << 2);
          for (let o0 = 0; o0 < co;) {
            const width = co - o0 >= 8 ? 8 : co - o0 >= 4 ? 4 : 1;
            let c0 = 0;
            if (width === 8) {
              for (; c0 + 4 <= ci; c0 += 4) tile4x8(tap + (<usize>(c0 * co + o0) << 2), b, oy0, oy1, i, j, ox0, ox1, c0, o0);
            }
            for (; c0 < ci; c0++) tile1xN(width, tap + (<usize>(c0 * co + o0) << 2), b, oy0, oy1, i, j, ox0, ox1, c0, o0);
            o0 += width;
          }
        }
      }
    }
  }
}

// ---- Dense conv input gradient --------------------------------------------------------------------------------
// dx[b, oy*sh + i - pt, ox*sw + j - pl, :] += sum over co of dy[b, oy, ox, co] * wt[i, j, co, :], for every output
// pixel and tap: per tap a [pixels x co] by [co x ci] product scattered into dx. Strides cost nothing extra here,
// where the composition of XNNPACK kernels convolves a zero-dilated dy (4x the work at stride 2). Tiles of 4 output
// pixels x 8 input channels, and 1 pixel x 8, 4 or 1 channels for the edges.

/** dx tile of 4 pixels (dx addresses dxp + k*dxs, dy addresses dyp + k*dys) x 8 channels, over all co. */
function inTile4x8(dxp: usize, dxs: usize, dyp: usize, dys: usize, wp: usize, co: i32, ws: usize): void {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  let d = dyp;
  let q = wp;
  for (let o = 0; o < co; o++) {
    const w0 = v128.load(q), w1 = v128.load(q, 16);
    let s = f32x4.splat(load<f32>(d));
    a00 = f32x4.add(a00, f32x4.mul(s, w0)); a01 = f32x4.add(a01, f32x4.mul(s, w1));
    s = f32x4.splat(load<f32>(d + dys));
    a10 = f32x4.add(a10, f32x4.mul(s, w0)); a11 = f32x4.add(a11, f32x4.mul(s, w1));
    s = f32x4.splat(load<f32>(d + 2 * dys));
    a20 = f32x4.add(a20, f32x4.mul(s, w0)); a21 = f32x4.add(a21, f32x4.mul(s, w1));
    s = f32x4.splat(load<f32>(d + 3 * dys));
    a30 = f32x4.add(a30, f32x4.mul(s, w0)); a31 = f32x4.add(a31, f32x4.mul(s, w1));
    d += 4;
    q += ws;
  }
  v128.store(dxp, f32x4.add(v128.load(dxp), a00)); v128.store(dxp, f32x4.add(v128.load(dxp, 16), a01), 16);
  let p = dxp + dxs;
  v128.store(p, f32x4.add(v128.load(p), a10)); v128.store(p, f32x4.add(v128.load(p, 16), a11), 16);
  p += dxs;
  v128.store(p, f32x4.add(v128.load(p), a20)); v128.store(p, f32x4.add(v128.load(p, 16), a21), 16);
  p += dxs;
  v128.store(p, f32x4.add(v128.load(p), a30)); v128.store(p, f32x4.add(v128.load(p, 16), a31), 16);
}

/** dx tile of 1 pixel x `width` (8, 4 or 1) channels, over all co. */
function inTile1xN(width: i32, dxp: usize, dyp: usize, wp: usize, co: i32, ws: usize): void {
  let d = dyp;
  let q = wp;
  if (width === 1) {
    let s: f32 = 0;
    for (let o = 0; o < co; o++) {
      s += load<f32>(d) * load<f32>(q);
      d += 4;
      q += ws;
    }
    store<f32>(dxp, load<f32>(dxp) + s);
    return;
  }
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
  if (width === 8) {
    for (let o = 0; o < co; o++) {
      const s = f32x4.splat(load<f32>(d));
      a0 = f32x4.add(a0, f32x4.mul(s, v128.load(q)));
      a1 = f32x4.add(a1, f32x4.mul(s, v128.load(q, 16)));
      d += 4;
      q += ws;
    }
    v128.store(dxp, f32x4.add(v128.load(dxp, 16), a1), 16);
  } else {
    for (let o = 0; o < co; o++) {
      a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(d)), v128.load(q)));
      d += 4;
      q += ws;
    }
  }
  v128.store(dxp, f32x4.add(v128.load(dxp), a0));
}

/** The dense conv input gradient (see above): dy [n, oh, ow, co], wt [kh, kw, co, ci] (the filter transposed), dx [n, h, w, ci]. */
export function convInputGrad(dy: usize, wt: usize, dx: usize, n: i32, h: i32, w: i32, ci: i32, oh: i32, ow: i32, co: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  memory.fill(dx, 0, <usize>(n * h * w * ci) << 2);
  const ws = <usize>ci << 2;
  const dys = <usize>co << 2;
  const dxs = <usize>(sw * ci) << 2;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const dyrow = dy + (<usize>((b * oh + oy) * ow * co) << 2);
      for (let i = 0; i < kh; i++) {
        const iy = oy * sh + i - pt;
        if (iy < 0 || iy >= h) continue;
        const dxrow = dx + (<usize>((b * h + iy) * w * ci) << 2);
        for (let j = 0; j < kw; j++) {
          const ox0 = firstColumn(j, pl, sw);
          const ox1 = endColumn(w, j, pl, sw, ow);
          if (ox0 >= ox1) continue;
          const tap = wt + (<usize>((i * kw + j) * co * ci) << 2);
          for (let c0 = 0; c0 < ci;) {
            const width = ci - c0 >= 8 ? 8 : ci - c0 >= 4 ? 4 : 1;
            const wp = tap + (<usize>c0 << 2);
            let ox = ox0;
            if (width === 8) {
              for (; ox + 4 <= ox1; ox += 4) {
                inTile4x8(dxrow + (<usize>((ox * sw + j - pl) * ci + c0) << 2), dxs, dyrow + (<usize>(ox * co) << 2), dys, wp, co, ws);
              }
            }
            for (; ox < ox1; ox++) {
              inTile1xN(width, dxrow + (<usize>((ox * sw + j - pl) * ci + c0) << 2), dyrow + (<usize>(ox * co) << 2), wp, co, ws);
            }
            c0 += width;
          }
        }
      }
    }
  }
}

// ---- Batch norm (training mode) over [m pixels, c channels] ---------------------------------------------------
// One kernel per direction, in place of the 7 (forward) and 8 (backward) whole-tensor passes of the composed ops.
// Channel sums run over chunks of BN_CHUNK pixels in float32 and add each chunk's sums into float64 totals, so the
// rounding error does not grow with the batch. `scratch` holds 9c floats: totals (2c float64), chunk sums (2c
// float32) and per-channel coefficients (3c float32).

const BN_CHUNK: i32 = 256;

function zero(p: usize, bytes: usize): void {
  memory.fill(p, 0, bytes);
}

/** tot[k] += acc[k] (float32 -> float64) and acc[k] = 0, for k < c. */
function flush(acc: usize, tot: usize, c: i32): void {
  for (let k = 0; k < c; k++) {
    store<f64>(tot + (<usize>k << 3), load<f64>(tot + (<usize>k << 3)) + <f64>load<f32>(acc + (<usize>k << 2)));
  }
  zero(acc, <usize>c << 2);
}

/**
 * Channel sums over the m pixels of [m, c] tensors, into float64 tot1 (and tot2): mode 0 sums a; mode 1 sums
 * (a - center)^2; mode 2 sums a into tot1 and a * (b - center) into tot2. center is [c].
 */
function channelSums(mode: i32, a: usize, b: usize, center: usize, m: i32, c: i32, acc1: usize, acc2: usize, tot1: usize, tot2: usize): void {
  zero(tot1, <usize>c << 3);
  zero(tot2, <usize>c << 3);
  zero(acc1, <usize>c << 2);
  zero(acc2, <usize>c << 2);
  const c4 = c & ~3;
  const row = <usize>c << 2;
  for (let p0 = 0; p0 < m; p0 += BN_CHUNK) {
    const p1 = p0 + BN_CHUNK < m ? p0 + BN_CHUNK : m;
    let pa = a + <usize>p0 * row;
    let pb = b + <usize>p0 * row;
    for (let p = p0; p < p1; p++) {
      let k = 0;
      if (mode === 0) {
        for (; k < c4; k += 4) {
          const o = <usize>k << 2;
          v128.store(acc1 + o, f32x4.add(v128.load(acc1 + o), v128.load(pa + o)));
        }
        for (; k < c; k++) {
          const o = <usize>k << 2;
          store<f32>(acc1 + o, load<f32>(acc1 + o) + load<f32>(pa + o));
        }
      } else if (mode === 1) {
        for (; k < c4; k += 4) {
          const o = <usize>k << 2;
          const d = f32x4.sub(v128.load(pa + o), v128.load(center + o));
          v128.store(acc1 + o, f32x4.add(v128.load(acc1 + o), f32x4.mul(d, d)));
        }
        for (; k < c; k++) {
          const o = <usize>k << 2;
          const d = load<f32>(pa + o) - load<f32>(center + o);
          store<f32>(acc1 + o, load<f32>(acc1 + o) + d * d);
        }
      } else {
        for (; k < c4; k += 4) {
          const o = <usize>k << 2;
          const g = v128.load(pa + o);
          v128.store(acc1 + o, f32x4.add(v128.load(acc1 + o), g));
          v128.store(acc2 + o, f32x4.add(v128.load(acc2 + o), f32x4.mul(g, f32x4.sub(v128.load(pb + o), v128.load(center + o)))));
        }
        for (; k < c; k++) {
          const o = <usize>k << 2;
          const g = load<f32>(pa + o);
          store<f32>(acc1 + o, load<f32>(acc1 + o) + g);
          store<f32>(acc2 + o, load<f32>(acc2 + o) + g * (load<f32>(pb + o) - load<f32>(center + o)));
        }
      }
      pa += row;
      pb += row;
    }
    flush(acc1, tot1, c);
    flush(acc2, tot2, c);
  }
}

/**
 * y = (x - mean) * invStd * gamma + beta with the batch's own statistics; writes mean, variance (biased, as
 * batch norm divides by m) and invStd = 1 / sqrt(variance + eps), each [c].
 */
export function batchNormForward(x: usize, gamma: usize, beta: usize, y: usize, mean: usize, variance: usize, invStd: usize,
  m: i32, c: i32, eps: f32, scratch: usize): void {
  const tot1 = scratch;
  const tot2 = scratch + (<usize>c << 3);
  const acc1 = scratch + (<usize>c << 4);
  const acc2 = acc1 + (<usize>c << 2);
  const scale = acc2 + (<usize>c << 2);
  channelSums(0, x, x, x, m, c, acc1, acc2, tot1, tot2);
  for (let k = 0; k < c; k++) store<f32>(mean + (<usize>k << 2), <f32>(load<f64>(tot1 + (<usize>k << 3)) / <f64>m));
  channelSums(1, x, x, mean, m, c, acc1, acc2, tot1, tot2);
  for (let k = 0; k < c; k++) {
    const v = <f32>(load<f64>(tot1 + (<usize>k << 3)) / <f64>m);
    const inv = <f32>1 / Mathf.sqrt(v + eps);
    store<f32>(variance + (<usize>k << 2), v);
    store<f32>(invStd + (<usize>k << 2), inv);
    store<f32>(scale + (<usize>k << 2), inv * load<f32>(gamma + (<usize>k << 2)));
  }
  const c4 = c & ~3;
  const row = <usize>c << 2;
  let px = x;
  let py = y;
  for (let p = 0; p < m; p++) {
    let k = 0;
    for (; k < c4; k += 4) {
      const o = <usize>k << 2;
      v128.store(py + o, f32x4.add(f32x4.mul(f32x4.sub(v128.load(px + o), v128.load(mean + o)), v128.load(scale + o)), v128.load(beta + o)));
    }
    for (; k < c; k++) {
      const o = <usize>k << 2;
      store<f32>(py + o, (load<f32>(px + o) - load<f32>(mean + o)) * load<f32>(scale + o) + load<f32>(beta + o));
    }
    px += row;
    py += row;
  }
}

/**
 * The batch-norm gradients from dy, the forward input x and its statistics: dbeta = sum dy, dgamma = sum dy * xhat,
 * dx = gamma * invStd / m * (m * dy - dbeta - xhat * dgamma), with xhat = (x - mean) * invStd.
 */
export function batchNormBackward(dy: usize, x: usize, mean: usize, invStd: usize, gamma: usize, dx: usize, dgamma: usize, dbeta: usize,
  m: i32, c: i32, scratch: usize): void {
  const tot1 = scratch;
  const tot2 = scratch + (<usize>c << 3);
  const acc1 = scratch + (<usize>c << 4);
  const acc2 = acc1 + (<usize>c << 2);
  const k1 = acc2 + (<usize>c << 2);
  const k2 = k1 + (<usize>c << 2);
  const k3 = k2 + (<usize>c << 2);
  channelSums(2, dy, x, mean, m, c, acc1, acc2, tot1, tot2);
  for (let k = 0; k < c; k++) {
    const o = <usize>k << 2;
    const inv = load<f32>(invStd + o);
    const db = <f32>load<f64>(tot1 + (<usize>k << 3));
    const dg = <f32>load<f64>(tot2 + (<usize>k << 3)) * inv;
    store<f32>(dbeta + o, db);
    store<f32>(dgamma + o, dg);
    const gi = load<f32>(gamma + o) * inv;
    store<f32>(k1 + o, gi);
    store<f32>(k2 + o, gi * db / <f32>m);
    store<f32>(k3 + o, gi * inv * dg / <f32>m);
  }
  const c4 = c & ~3;
  const row = <usize>c << 2;
  let pd = dy;
  let px = x;
  let pdx = dx;
  for (let p = 0; p < m; p++) {
    let k = 0;
    for (; k < c4; k += 4) {
      const o = <usize>k << 2;
      const t = f32x4.sub(f32x4.mul(v128.load(k1 + o), v128.load(pd + o)), v128.load(k2 + o));
      v128.store(pdx + o, f32x4.sub(t, f32x4.mul(v128.load(k3 + o), f32x4.sub(v128.load(px + o), v128.load(mean + o)))));
    }
    for (; k < c; k++) {
      const o = <usize>k << 2;
      const t = load<f32>(k1 + o) * load<f32>(pd + o) - load<f32>(k2 + o);
      store<f32>(pdx + o, t - load<f32>(k3 + o) * (load<f32>(px + o) - load<f32>(mean + o)));
    }
    pd += row;
    px += row;
    pdx += row;
  }
}

// ---- Activations: 0 relu, 1 relu6, 2 hard-swish (x * relu6(x + 3) / 6) ----------------------------------------

/** y = fn(x) over n elements. */
export function activationForward(x: usize, y: usize, n: i32, fn: i32): void {
  const n4 = n & ~3;
  const zero = f32x4.splat(0);
  const six = f32x4.splat(6);
  const three = f32x4.splat(3);
  const sixth = f32x4.splat(<f32>1 / 6);
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    let r: v128;
    if (fn === 0) r = f32x4.max(v, zero);
    else if (fn === 1) r = f32x4.min(f32x4.max(v, zero), six);
    else r = f32x4.mul(v, f32x4.mul(f32x4.min(f32x4.max(f32x4.add(v, three), zero), six), sixth));
    v128.store(y + o, r);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    let r: f32;
    if (fn === 0) r = v > 0 ? v : 0;
    else if (fn === 1) r = v > 0 ? (v < 6 ? v : 6) : 0;
    else {
      const t = v + 3;
      r = v * ((t > 0 ? (t < 6 ? t : 6) : 0) * (<f32>1 / 6));
    }
    store<f32>(y + o, r);
  }
}

/**
 * dx = dy * fn'(x) over n elements, with the derivative TF.js' own gradients give (relu: x > 0; relu6: 0 < x <= 6;
 * hard-swish: relu6(x + 3) / 6 + x / 6 where 0 < x + 3 <= 6).
 */
export function activationBackward(dy: usize, x: usize, dx: usize, n: i32, fn: i32): void {
  const n4 = n & ~3;
  const zero = f32x4.splat(0);
  const six = f32x4.splat(6);
  const three = f32x4.splat(3);
  const sixth = f32x4.splat(<f32>1 / 6);
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    const d = v128.load(dy + o);
    let r: v128;
    if (fn === 0) r = v128.and(d, f32x4.gt(v, zero));
    else if (fn === 1) r = v128.and(d, v128.and(f32x4.gt(v, zero), f32x4.le(v, six)));
    else {
      const t = f32x4.add(v, three);
      const inside = v128.and(f32x4.gt(t, zero), f32x4.le(t, six));
      const g = f32x4.add(f32x4.mul(f32x4.min(f32x4.max(t, zero), six), sixth), v128.and(f32x4.mul(v, sixth), inside));
      r = f32x4.mul(d, g);
    }
    v128.store(dx + o, r);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    const d = load<f32>(dy + o);
    let r: f32;
    if (fn === 0) r = v > 0 ? d : 0;
    else if (fn === 1) r = v > 0 && v <= 6 ? d : 0;
    else {
      const t = v + 3;
      const g = (t > 0 ? (t < 6 ? t : 6) : 0) * (<f32>1 / 6) + (t > 0 && t <= 6 ? v * (<f32>1 / 6) : 0);
      r = d * g;
    }
    store<f32>(dx + o, r);
  }
}

// ---- Optimizer steps over one variable of n elements, into new buffers (tensors are immutable) ------------------
// The same arithmetic, in the same order, as the composed update in src/engine/tfjs/optimizer.ts.

/**
 * Adam: m' = b1 m + ob1 g; s' = b2 s + ob2 g^2; v' = v - lr ((m'/c1) / (sqrt(s'/c2) + eps) + wd v), where the caller
 * passes ob1 = 1 - b1 and ob2 = 1 - b2 computed in double precision, as the composed update's scalars are.
 */
export function adamStep(v: usize, g: usize, m: usize, s: usize, vOut: usize, mOut: usize, sOut: usize, n: i32,
  lr: f32, b1: f32, ob1: f32, b2: f32, ob2: f32, c1: f32, c2: f32, eps: f32, wd: f32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * ob1;
    const si = load<f32>(s + o) * b2 + (gi * gi) * ob2;
    const vi = load<f32>(v + o);
    let upd = (mi / c1) / (Mathf.sqrt(si / c2) + eps);
    if (wd > 0) upd = upd + vi * wd;
    store<f32>(mOut + o, mi);
    store<f32>(sOut + o, si);
    store<f32>(vOut + o, vi - upd * lr);
  }
}

/** SGD with momentum: gd = g + wd v; m' = mom m + gd; v' = v - lr (nesterov ? gd + mom m' : m'). */
export function sgdStep(v: usize, g: usize, m: usize, vOut: usize, mOut: usize, n: i32, lr: f32, mom: f32, nesterov: i32, wd: f32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const vi = load<f32>(v + o);
    let gd = load<f32>(g + o);
    if (wd > 0) gd = gd + vi * wd;
    const mi = load<f32>(m + o) * mom + gd;
    const step = nesterov ? gd + mi * mom : mi;
    store<f32>(mOut + o, mi);
    store<f32>(vOut + o, vi - step * lr);
  }
}

// ---- Pooling gradients (NHWC, 4 channels at a time) ------------------------------------------------------------
// Window of output (oy, ox): input rows [oy*sh - pt, + kh) and columns [ox*sw - pl, + kw), clipped to the input;
// padding cells are not part of a window (the forward kernels average and take the max over the cells inside).

/** dx = the average-pool gradient: each dy spread evenly over the cells inside its window. */
export function avgPoolGrad(dy: usize, dx: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  memory.fill(dx, 0, <usize>(n * h * w * c) << 2);
  const c4 = c & ~3;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const r0 = max(oy * sh - pt, 0);
      const r1 = min(oy * sh - pt + kh, h);
      for (let ox = 0; ox < ow; ox++) {
        const q0 = max(ox * sw - pl, 0);
        const q1 = min(ox * sw - pl + kw, w);
        const count = (r1 - r0) * (q1 - q0);
        if (r1 <= r0 || q1 <= q0) continue;
        const inv = <f32>1 / <f32>count;
        const vinv = f32x4.splat(inv);
        const dp = dy + (<usize>(((b * oh + oy) * ow + ox) * c) << 2);
        for (let iy = r0; iy < r1; iy++) {
          for (let ix = q0; ix < q1; ix++) {
            const xp = dx + (<usize>(((b * h + iy) * w + ix) * c) << 2);
            let k = 0;
            for (; k < c4; k += 4) {
              const o = <usize>k << 2;
              v128.store(xp + o, f32x4.add(v128.load(xp + o), f32x4.mul(v128.load(dp + o), vinv)));
            }
            for (; k < c; k++) {
              const o = <usize>k << 2;
              store<f32>(xp + o, load<f32>(xp + o) + load<f32>(dp + o) * inv);
            }
          }
        }
      }
    }
  }
}

/**
 * dx = the max-pool gradient: each dy goes to the first cell of its window (row by row) that holds the window's
 * maximum y, as TF.js's own kernels choose.
 */
export function maxPoolGrad(dy: usize, x: usize, y: usize, dx: usize, n: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  memory.fill(dx, 0, <usize>(n * h * w * c) << 2);
  const c4 = c & ~3;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < oh; oy++) {
      const r0 = max(oy * sh - pt, 0);
      const r1 = min(oy * sh - pt + kh, h);
      for (let ox = 0; ox < ow; ox++) {
        const q0 = max(ox * sw - pl, 0);
        const q1 = min(ox * sw - pl + kw, w);
        const off = <usize>(((b * oh + oy) * ow + ox) * c) << 2;
        let k = 0;
        for (; k < c4; k += 4) {
          const o = <usize>k << 2;
          const m = v128.load(y + off + o);
          const d = v128.load(dy + off + o);
          let taken = i32x4.splat(0);
          for (let iy = r0; iy < r1; iy++) {
            for (let ix = q0; ix < q1; ix++) {
              const p = (<usize>(((b * h + iy) * w + ix) * c) << 2) + o;
              const hit = v128.andnot(f32x4.eq(v128.load(x + p), m), taken);
              v128.store(dx + p, f32x4.add(v128.load(dx + p), v128.and(d, hit)));
              taken = v128.or(taken, hit);
            }
          }
        }
        for (; k < c; k++) {
          const o = <usize>k << 2;
          const m = load<f32>(y + off + o);
          let done = false;
          for (let iy = r0; iy < r1 && !done; iy++) {
            for (let ix = q0; ix < q1; ix++) {
              const p = (<usize>(((b * h + iy) * w + ix) * c) << 2) + o;
              if (load<f32>(x + p) == m) {
                store<f32>(dx + p, load<f32>(dx + p) + load<f32>(dy + off + o));
                done = true;
                break;
              }
            }
          }
        }
      }
    }
  }
}
