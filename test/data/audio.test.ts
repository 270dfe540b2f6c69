import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeKws, noiseSamples } from '../../src/data/audio/make-kws.js';
import { dct2, fft, KWS, kwsFeatures, melWeights } from '../../src/data/audio/mfcc.js';
import { loadKwsFolder } from '../../src/data/audio/speech-commands.js';
import { encodeWav, readWav } from '../../src/data/audio/wav.js';
import { DataError } from '../../src/errors.js';
import { Rng } from '../../src/util/rng.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'tinyevo-audio-'));

test('WAV: 16-bit mono round trip; clear errors for a wrong rate, stereo, 8-bit and non-RIFF files', () => {
  const dir = tmp();
  const samples = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i / 5) * 0.5);
  writeFileSync(join(dir, 'a.wav'), encodeWav(samples, 16000));
  const clip = readWav(join(dir, 'a.wav'), 16000);
  assert.equal(clip.samples.length, 100);
  assert.ok(clip.samples.every((v, i) => Math.abs(v - (samples[i] as number)) < 1 / 32768 + 1e-9));
  writeFileSync(join(dir, 'b.wav'), encodeWav(samples, 8000));
  assert.throws(() => readWav(join(dir, 'b.wav'), 16000), (e: unknown) => e instanceof DataError && /b\.wav: sample rate must be 16000 Hz; got 8000 Hz/.test(e.message));
  const stereo = encodeWav(samples, 16000);
  stereo.writeUInt16LE(2, 22);
  writeFileSync(join(dir, 'c.wav'), stereo);
  assert.throws(() => readWav(join(dir, 'c.wav')), /must be mono; got 2 channels/);
  const eight = encodeWav(samples, 16000);
  eight.writeUInt16LE(8, 34);
  writeFileSync(join(dir, 'd.wav'), eight);
  assert.throws(() => readWav(join(dir, 'd.wav')), /16-bit; got 8-bit/);
  writeFileSync(join(dir, 'e.wav'), 'not audio at all');
  assert.throws(() => readWav(join(dir, 'e.wav')), /must be a RIFF\/WAVE file/);
});

test('FFT equals a direct DFT; DCT-II of a constant has only its first coefficient', () => {
  const rng = new Rng(1);
  const x = Float64Array.from({ length: 64 }, () => rng.normal());
  const re = Float64Array.from(x);
  const im = new Float64Array(64);
  fft(re, im);
  for (let k = 0; k < 64; k++) {
    let r = 0, i = 0;
    for (let n = 0; n < 64; n++) { r += (x[n] as number) * Math.cos((2 * Math.PI * k * n) / 64); i -= (x[n] as number) * Math.sin((2 * Math.PI * k * n) / 64); }
    assert.ok(Math.abs(r - (re[k] as number)) < 1e-9 && Math.abs(i - (im[k] as number)) < 1e-9, `bin ${k}`);
  }
  const d = dct2(new Float64Array(40).fill(3), 10);
  assert.ok(Math.abs((d[0] as number) - 3 * Math.sqrt(80)) < 1e-9);
  assert.ok(Array.from(d.slice(1)).every((v) => Math.abs(v) < 1e-9));
});

test('MFCC front end: 49x10 maps; a 1 kHz tone peaks in the mel band around 1 kHz; equals a slow direct computation', () => {
  const tone = Float32Array.from({ length: 16000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 16000));
  const f = kwsFeatures(tone);
  assert.equal(f.length, 49 * 10);
  const w = melWeights(257, 40, 16000, 20, 4000);
  const bin = Math.round((1000 / 8000) * 256);
  const band = Array.from(w[bin] as Float64Array).indexOf(Math.max(...(w[bin] as Float64Array)));
  const hzToMel = (hz: number) => 1127 * Math.log(1 + hz / 700);
  const centre = (b: number) => 700 * (Math.exp((hzToMel(20) + ((hzToMel(4000) - hzToMel(20)) * (b + 1)) / 41) / 1127) - 1);
  assert.ok(Math.abs(centre(band) - 1000) < 60, `band ${band} centred at ${centre(band)} Hz`);
  // Direct: frame 7 of a random clip with a plain DFT, mel weights, log and DCT.
  const rng = new Rng(3);
  const clip = Float32Array.from({ length: 16000 }, () => rng.next() - 0.5);
  const frame = 7;
  const mag = Array.from({ length: 257 }, (_, k) => {
    let r = 0, i = 0;
    for (let n = 0; n < 480; n++) {
      const v = (clip[frame * 320 + n] as number) * (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / 480));
      r += v * Math.cos((2 * Math.PI * k * n) / 512); i -= v * Math.sin((2 * Math.PI * k * n) / 512);
    }
    return Math.hypot(r, i);
  });
  const mel = Array.from({ length: 40 }, (_, b) => Math.log(mag.reduce((s, m, k) => s + m * ((w[k] as Float64Array)[b] as number), 0) + 1e-6));
  const want = dct2(mel, 10);
  const got = kwsFeatures(clip).subarray(frame * 10, frame * 10 + 10);
  got.forEach((v, k) => assert.ok(Math.abs(v - (want[k] as number)) < 1e-3, `coefficient ${k}: ${v} vs ${want[k]}`));
  assert.equal(KWS.mfccs, 10);
});

const haveTools = spawnSync('espeak-ng', ['--version']).status === 0 && spawnSync('sox', ['--version']).status === 0;

test('make-kws builds 12 classes that the KWS loader reads as 49x10x1 MFCC maps, with augmented copies', { skip: haveTools ? false : 'espeak-ng or sox missing: apt-get install espeak-ng sox' }, () => {
  const dir = tmp();
  const r = makeKws({ out: dir, perWord: 3, seed: 2 });
  assert.equal(r.classes.length, 12);
  const d = loadKwsFolder(dir, { validation: 0, test: 0, augmentCopies: 1 });
  assert.equal(d.numClasses, 12);
  assert.deepEqual(d.inputShape, [49, 10, 1]);
  assert.equal(d.train.n, 72, '36 clips and one augmented copy of each');
  assert.ok(d.classNames.includes('_silence_') && d.classNames.includes('yes'));
  // The same seed speaks the same set, noise included, byte for byte; another seed does not.
  const again = tmp();
  makeKws({ out: again, perWord: 3, seed: 2 });
  const other = tmp();
  makeKws({ out: other, perWord: 3, seed: 3 });
  const files = (root: string) => readdirSync(root, { recursive: true }).map(String).filter((f) => f.endsWith('.wav')).sort();
  assert.deepEqual(files(again), files(dir));
  for (const f of files(dir)) assert.ok(readFileSync(join(dir, f)).equals(readFileSync(join(again, f))), `${f} differs between two runs with seed 2`);
  assert.ok(files(dir).some((f) => !readFileSync(join(dir, f)).equals(readFileSync(join(other, f)))));
});

test('seeded noise: peak amplitude is the volume, and pink and brown noise hold more low-frequency power than white', () => {
  const lowShare = (x: Float32Array) => {
    // Power of the 1-sample difference relative to the signal's: small for low-frequency noise.
    let d = 0;
    let p = 0;
    for (let i = 1; i < x.length; i++) { d += ((x[i] as number) - (x[i - 1] as number)) ** 2; p += (x[i] as number) ** 2; }
    return d / p;
  };
  const white = noiseSamples('whitenoise', 1, 0.2, new Rng(1));
  const pink = noiseSamples('pinknoise', 1, 0.2, new Rng(1));
  const brown = noiseSamples('brownnoise', 1, 0.2, new Rng(1));
  for (const x of [white, pink, brown]) assert.ok(Math.abs(x.reduce((m, v) => Math.max(m, Math.abs(v)), 0) - 0.2) < 1e-6);
  assert.ok(lowShare(white) > 1.5 && lowShare(pink) < lowShare(white) && lowShare(brown) < lowShare(pink), `${lowShare(white)} ${lowShare(pink)} ${lowShare(brown)}`);
  assert.deepEqual(noiseSamples('pinknoise', 0.1, 0.5, new Rng(4)), noiseSamples('pinknoise', 0.1, 0.5, new Rng(4)));
});

test('the KWS loader names a missing folder and a label folder without WAV files', () => {
  const dir = tmp();
  assert.throws(() => loadKwsFolder(join(dir, 'nope')), /does not exist/);
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'a', 'x.wav'), encodeWav(new Float32Array(16000), 16000));
  assert.throws(() => loadKwsFolder(dir), /label folder .*b has no \.wav files/);
});
