// The MLPerf Tiny keyword-spotting front end, as its reference data pipeline computes it with tf.signal: 16 kHz
// clips of 1 s, a periodic Hann window of 480 samples (30 ms) every 320 samples (20 ms) -> 49 frames, a 512-point
// FFT magnitude, 40 mel bands between 20 Hz and 4 kHz (HTK mel scale, TF's linear_to_mel_weight_matrix), log(x + 1e-6),
// and the first 10 coefficients of an orthonormally scaled DCT-II (TF's mfccs_from_log_mel_spectrograms).

export const KWS = { sampleRate: 16000, clipSamples: 16000, window: 480, stride: 320, fft: 512, melBands: 40, lowHz: 20, highHz: 4000, mfccs: 10 } as const;
export const KWS_FRAMES = 1 + Math.floor((KWS.clipSamples - KWS.window) / KWS.stride);

/** In-place iterative radix-2 FFT of (re, im), length a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [re[i], re[j]] = [re[j] as number, re[i] as number]; [im[i], im[j]] = [im[j] as number, im[i] as number]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const ang = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const [wr, wi] = [Math.cos(ang * k), Math.sin(ang * k)];
        const [a, b] = [i + k, i + k + len / 2];
        const xr = (re[b] as number) * wr - (im[b] as number) * wi;
        const xi = (re[b] as number) * wi + (im[b] as number) * wr;
        re[b] = (re[a] as number) - xr; im[b] = (im[a] as number) - xi;
        re[a] = (re[a] as number) + xr; im[a] = (im[a] as number) + xi;
      }
    }
  }
}

const hzToMel = (hz: number): number => 1127 * Math.log(1 + hz / 700);

/** TF's linear_to_mel_weight_matrix: [spectrogram bins][mel bands], the DC bin weightless. */
export function melWeights(bins: number, bands: number, sampleRate: number, lowHz: number, highHz: number): Float64Array[] {
  const edges = Array.from({ length: bands + 2 }, (_, i) => hzToMel(lowHz) + ((hzToMel(highHz) - hzToMel(lowHz)) * i) / (bands + 1));
  return Array.from({ length: bins }, (_, k) => {
    const row = new Float64Array(bands);
    if (k === 0) return row;
    const mel = hzToMel((k * sampleRate) / 2 / (bins - 1));
    for (let b = 0; b < bands; b++) {
      const [lo, mid, hi] = [edges[b] as number, edges[b + 1] as number, edges[b + 2] as number];
      row[b] = Math.max(0, Math.min((mel - lo) / (mid - lo), (hi - mel) / (hi - mid)));
    }
    return row;
  });
}

/** The first `count` coefficients of TF's DCT-II, times 1/sqrt(2N) (mfccs_from_log_mel_spectrograms). */
export function dct2(x: ArrayLike<number>, count: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i] as number) * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
    out[k] = (2 * s) / Math.sqrt(2 * n);
  }
  return out;
}

const WEIGHTS = melWeights(KWS.fft / 2 + 1, KWS.melBands, KWS.sampleRate, KWS.lowHz, KWS.highHz);
const HANN = Float64Array.from({ length: KWS.window }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / KWS.window));

/** The 49x10 MFCC map of a 16 kHz clip (padded with zeros or cut to 1 s), row-major (frame, coefficient). */
export function kwsFeatures(samples: Float32Array): Float32Array {
  const clip = new Float32Array(KWS.clipSamples);
  clip.set(samples.subarray(0, KWS.clipSamples));
  const out = new Float32Array(KWS_FRAMES * KWS.mfccs);
  const re = new Float64Array(KWS.fft);
  const im = new Float64Array(KWS.fft);
  const mel = new Float64Array(KWS.melBands);
  for (let f = 0; f < KWS_FRAMES; f++) {
    re.fill(0); im.fill(0);
    for (let i = 0; i < KWS.window; i++) re[i] = (clip[f * KWS.stride + i] as number) * (HANN[i] as number);
    fft(re, im);
    mel.fill(0);
    for (let k = 0; k <= KWS.fft / 2; k++) {
      const mag = Math.hypot(re[k] as number, im[k] as number);
      const w = WEIGHTS[k] as Float64Array;
      for (let b = 0; b < KWS.melBands; b++) mel[b] = (mel[b] as number) + mag * (w[b] as number);
    }
    for (let b = 0; b < KWS.melBands; b++) mel[b] = Math.log((mel[b] as number) + 1e-6);
    out.set(dct2(mel, KWS.mfccs), f * KWS.mfccs);
  }
  return out;
}
