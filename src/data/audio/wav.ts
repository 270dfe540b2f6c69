import { readFileSync } from 'node:fs';
import { DataError } from '../../errors.js';

/** A mono 16-bit PCM clip: samples scaled to [-1, 1) and its sample rate. */
export interface Clip { readonly samples: Float32Array; readonly sampleRate: number }

function chunks(buf: Buffer, path: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 12;
  while (at + 8 <= buf.length) {
    const id = buf.toString('latin1', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    if (at + 8 + size > buf.length && id !== 'data') throw new DataError(`wav ${path}: chunk '${id}' of ${size} bytes runs past the end of the file (${buf.length} bytes); the file is truncated.`);
    out.set(id, buf.subarray(at + 8, Math.min(buf.length, at + 8 + size)));
    at += 8 + size + (size % 2);
  }
  return out;
}

/**
 * Reads a RIFF/WAVE file of 16-bit PCM mono audio. Throws DataError naming the file and the value for anything
 * else: not RIFF/WAVE, not PCM, stereo, another sample width, or a sample rate other than `expectRate` (when given).
 */
export function readWav(path: string, expectRate?: number): Clip {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new DataError(`wav ${path}: cannot read the file: ${(e as Error).message}.`);
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') throw new DataError(`wav ${path}: must be a RIFF/WAVE file; got header '${buf.toString('latin1', 0, 4).replace(/[^ -~]/g, '?')}'.`);
  const c = chunks(buf, path);
  const fmt = c.get('fmt ');
  const data = c.get('data');
  if (!fmt || fmt.length < 16 || !data) throw new DataError(`wav ${path}: must have 'fmt ' and 'data' chunks; found ${[...c.keys()].join(', ') || 'none'}.`);
  const [format, channels, rate, bits] = [fmt.readUInt16LE(0), fmt.readUInt16LE(2), fmt.readUInt32LE(4), fmt.readUInt16LE(14)];
  if (format !== 1 && format !== 0xfffe) throw new DataError(`wav ${path}: audio format must be PCM (1); got ${format}.`);
  if (channels !== 1) throw new DataError(`wav ${path}: must be mono; got ${channels} channels. Convert with: sox in.wav -c 1 out.wav`);
  if (bits !== 16) throw new DataError(`wav ${path}: samples must be 16-bit; got ${bits}-bit. Convert with: sox in.wav -b 16 out.wav`);
  if (expectRate !== undefined && rate !== expectRate) throw new DataError(`wav ${path}: sample rate must be ${expectRate} Hz; got ${rate} Hz. Resample with: sox in.wav -r ${expectRate} out.wav`);
  const n = Math.floor(data.length / 2);
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = data.readInt16LE(2 * i) / 32768;
  return { samples, sampleRate: rate };
}

/** Encodes mono samples in [-1, 1] as a 16-bit PCM WAV file's bytes. */
export function encodeWav(samples: Float32Array, sampleRate: number): Buffer {
  const buf = Buffer.alloc(44 + samples.length * 2);
  buf.write('RIFF', 0, 'latin1'); buf.writeUInt32LE(36 + samples.length * 2, 4); buf.write('WAVE', 8, 'latin1');
  buf.write('fmt ', 12, 'latin1'); buf.writeUInt32LE(16, 16); buf.writeUInt16LE(1, 20); buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(sampleRate, 24); buf.writeUInt32LE(sampleRate * 2, 28); buf.writeUInt16LE(2, 32); buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'latin1'); buf.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round((samples[i] as number) * 32768))), 44 + 2 * i);
  return buf;
}
