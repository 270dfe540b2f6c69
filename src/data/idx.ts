import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../errors.js';

/** An IDX array: its dimensions and its unsigned bytes (the only element type MNIST-style files use). */
export interface IdxArray {
  readonly dims: readonly number[];
  readonly data: Uint8Array;
}

/**
 * Reads an IDX file (LeCun's MNIST format; `.gz` is inflated): magic 0x00 0x00 0x08 <rank>, big-endian uint32
 * dimensions, then the bytes. Only unsigned-byte files (type 0x08) are accepted. Throws DataError for a missing
 * file, a bad magic number, or a file whose length does not match its dimensions.
 */
export function readIdx(path: string, expectRank?: number): IdxArray {
  if (!existsSync(path)) throw new DataError(`idx: file must exist; got no file at ${path}.`);
  let buf = readFileSync(path);
  if (path.endsWith('.gz')) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new DataError(`idx ${path}: a .gz file must be gzip data; got ${(e as Error).message}.`);
    }
  }
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0 || buf[2] !== 0x08) {
    const magic = Array.from(buf.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(`idx ${path}: magic number must be 00 00 08 <rank> (unsigned bytes); got ${magic || 'an empty file'}. Is this an IDX file?`);
  }
  const rank = buf[3] as number;
  if (expectRank !== undefined && rank !== expectRank) throw new DataError(`idx ${path}: rank must be ${expectRank}; got ${rank}.`);
  if (buf.length < 4 + 4 * rank) throw new DataError(`idx ${path}: header must hold ${rank} dimensions; got a ${buf.length}-byte file.`);
  const dims = Array.from({ length: rank }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const size = dims.reduce((p, d) => p * d, 1);
  const start = 4 + 4 * rank;
  if (buf.length - start !== size) {
    throw new DataError(`idx ${path}: body must hold ${size} bytes for dimensions [${dims.join(', ')}]; got ${buf.length - start}. The file is truncated or corrupt.`);
  }
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + start, size) };
}

/** Images [n, h, w] and labels [n] from two IDX files, as floats in [0, 1] and int labels; checks that they agree. */
export function readIdxPair(imagesPath: string, labelsPath: string): { x: Float32Array; y: Int32Array; h: number; w: number } {
  const images = readIdx(imagesPath, 3);
  const labels = readIdx(labelsPath, 1);
  const [n, h, w] = images.dims as [number, number, number];
  if (labels.dims[0] !== n) throw new DataError(`idx: ${labelsPath} must hold one label per image of ${imagesPath} (${n}); got ${labels.dims[0]}.`);
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = (images.data[i] as number) / 255;
  return { x, y: Int32Array.from(labels.data), h, w };
}
