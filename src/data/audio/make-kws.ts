import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../errors.js';
import { Rng } from '../../util/rng.js';
import { encodeWav } from './wav.js';

/** The 10 MLPerf Tiny (Speech Commands v2) keywords. */
export const KEYWORDS = ['yes', 'no', 'up', 'down', 'left', 'right', 'on', 'off', 'stop', 'go'] as const;
/** Speech Commands' other words, spoken for the "unknown" class. */
export const UNKNOWN_WORDS = ['bed', 'bird', 'cat', 'dog', 'happy', 'house', 'marvin', 'sheila', 'tree', 'wow', 'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'learn', 'follow', 'forward', 'backward', 'visual'];
const VOICES = ['en-us', 'en-gb', 'en-gb-scotland', 'en-gb-x-rp', 'en-gb-x-gbclan', 'en-gb-x-gbcwmd', 'en-029', 'en-us-nyc'];
const VARIANTS = ['', '+m1', '+m2', '+m3', '+m4', '+m5', '+f1', '+f2', '+f3', '+f4', '+klatt', '+croak', '+whisper'];
const NOISES = ['whitenoise', 'pinknoise', 'brownnoise'];

export interface MakeKwsOptions { readonly out: string; readonly perWord: number; readonly seed: number; readonly onProgress?: (done: number, total: number) => void }

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new DataError(`make-kws: ${cmd} could not run (${r.error.message}); install it with: apt-get install espeak-ng sox`);
  if (r.status !== 0) throw new DataError(`make-kws: ${cmd} ${args.join(' ')} failed: ${r.stderr.trim().split('\n').at(-1)}`);
}

/** Checks that espeak-ng and sox are installed, naming the package to install. */
export function checkKwsTools(): void {
  for (const tool of ['espeak-ng', 'sox']) {
    if (spawnSync(tool, ['--version']).error) throw new DataError(`make-kws: '${tool}' is not installed; install it with: apt-get install espeak-ng sox`);
  }
}

/** One spoken clip: a voice, speed and pitch, resampled to 16 kHz mono, placed at a random offset in 1 s, noise mixed in. */
function speak(word: string, path: string, tmp: string, rng: Rng): void {
  const voice = `${rng.pick(VOICES)}${rng.pick(VARIANTS)}`;
  run('espeak-ng', ['-v', voice, '-s', String(rng.int(120, 220)), '-p', String(rng.int(20, 80)), '-w', join(tmp, 'raw.wav'), word]);
  const lead = (rng.next() * 0.25).toFixed(3);
  run('sox', ['-D', join(tmp, 'raw.wav'), '-r', '16000', '-c', '1', '-b', '16', join(tmp, 'clip.wav'), 'pad', lead, '1', 'trim', '0', '1']);
  noise(join(tmp, 'noise.wav'), 1, rng.pick(NOISES), 0.002 + rng.next() * 0.02, rng);
  run('sox', ['-D', '-m', '-v', '1', join(tmp, 'clip.wav'), '-v', '1', join(tmp, 'noise.wav'), '-b', '16', path]);
}

/**
 * `seconds` of seeded noise at 16 kHz with peak amplitude `volume`: white (uniform), pink (Paul Kellet's economy
 * filter over white) or brown (leaky integral of white). Drawn from `rng`, so the same seed gives the same clips
 * (sox's own noise generator is seeded from the clock; its dither is off for the same reason).
 */
export function noiseSamples(kind: string, seconds: number, volume: number, rng: Rng): Float32Array {
  const out = new Float32Array(Math.round(16000 * seconds));
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let brown = 0;
  for (let i = 0; i < out.length; i++) {
    const white = rng.next() * 2 - 1;
    if (kind === 'pinknoise') {
      b0 = 0.99765 * b0 + white * 0.099046;
      b1 = 0.963 * b1 + white * 0.2965164;
      b2 = 0.57 * b2 + white * 1.0526913;
      out[i] = b0 + b1 + b2 + white * 0.1848;
    } else if (kind === 'brownnoise') {
      brown = (brown + 0.02 * white) / 1.02;
      out[i] = brown;
    } else {
      out[i] = white;
    }
  }
  const peak = out.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  for (let i = 0; i < out.length; i++) out[i] = ((out[i] as number) / peak) * volume;
  return out;
}

function noise(path: string, seconds: number, kind: string, volume: number, rng: Rng): void {
  writeFileSync(path, encodeWav(noiseSamples(kind, seconds, volume, rng), 16000));
}

/**
 * Builds a synthetic 12-class keyword-spotting set in the Speech Commands layout under `out`: the 10 MLPerf keywords
 * and an `_unknown_` class spoken by espeak-ng with seeded voices, speeds, pitches and offsets, noise mixed in by
 * sox; a `_silence_` class of noise only; and `_background_noise_` clips for augmentation. `perWord` clips per class.
 */
export function makeKws(o: MakeKwsOptions): { classes: string[]; clips: number } {
  checkKwsTools();
  const rng = new Rng(o.seed);
  const tmp = join(o.out, '.tmp');
  mkdirSync(tmp, { recursive: true });
  const classes = [...KEYWORDS, '_unknown_', '_silence_'];
  const total = classes.length * o.perWord;
  let done = 0;
  for (const label of classes) {
    mkdirSync(join(o.out, label), { recursive: true });
    for (let i = 0; i < o.perWord; i++) {
      const path = join(o.out, label, `${label.replace(/_/g, '')}_${String(i).padStart(4, '0')}.wav`);
      if (label === '_silence_') noise(path, 1, rng.pick(NOISES), rng.next() * 0.05, rng);
      else speak(label === '_unknown_' ? rng.pick(UNKNOWN_WORDS) : label, path, tmp, rng);
      o.onProgress?.(++done, total);
    }
  }
  mkdirSync(join(o.out, '_background_noise_'), { recursive: true });
  for (const kind of NOISES) noise(join(o.out, '_background_noise_', `${kind}.wav`), 5, kind, 0.3, rng);
  rmSync(tmp, { recursive: true, force: true });
  return { classes, clips: total };
}
