// A bounds-checked flatbuffer table reader over a DataView. Every read goes through DataView, which throws
// RangeError outside the buffer, and vectors are checked against the buffer's length before use, so a truncated
// or corrupt file fails with an error instead of yielding garbage (the flatbuffers runtime does not check bounds).

/** A table of a flatbuffer: fields by id (vtable slot 4 + 2 * id). */
export class FlatTable {
  constructor(private readonly v: DataView, readonly pos: number) {}

  /** The root table of a buffer. */
  static root(bytes: Uint8Array): FlatTable {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return new FlatTable(v, v.getUint32(0, true));
  }

  /** The absolute position of a field, or 0 when absent. */
  private field(id: number): number {
    const vt = this.pos - this.v.getInt32(this.pos, true);
    const slot = 4 + 2 * id;
    if (slot >= this.v.getUint16(vt, true)) return 0;
    const off = this.v.getUint16(vt + slot, true);
    return off === 0 ? 0 : this.pos + off;
  }

  private target(at: number): number {
    return at + this.v.getUint32(at, true);
  }

  has(id: number): boolean {
    return this.field(id) !== 0;
  }

  int8(id: number, def = 0): number { const f = this.field(id); return f ? this.v.getInt8(f) : def; }
  uint8(id: number, def = 0): number { const f = this.field(id); return f ? this.v.getUint8(f) : def; }
  int32(id: number, def = 0): number { const f = this.field(id); return f ? this.v.getInt32(f, true) : def; }
  uint32(id: number, def = 0): number { const f = this.field(id); return f ? this.v.getUint32(f, true) : def; }
  float32(id: number, def = 0): number { const f = this.field(id); return f ? this.v.getFloat32(f, true) : def; }
  bool(id: number, def = false): boolean { const f = this.field(id); return f ? this.v.getUint8(f) !== 0 : def; }

  table(id: number): FlatTable | null {
    const f = this.field(id);
    return f ? new FlatTable(this.v, this.target(f)) : null;
  }

  /** Start and length of a vector field whose elements take `size` bytes; null when absent. */
  private vector(id: number, size: number): { start: number; length: number } | null {
    const f = this.field(id);
    if (!f) return null;
    const at = this.target(f);
    const length = this.v.getUint32(at, true);
    if (at + 4 + length * size > this.v.byteLength) throw new RangeError(`vector of ${length} x ${size} B at ${at} runs past the end of the ${this.v.byteLength}-byte buffer`);
    return { start: at + 4, length };
  }

  tables(id: number): FlatTable[] {
    const vec = this.vector(id, 4);
    if (!vec) return [];
    return Array.from({ length: vec.length }, (_, i) => new FlatTable(this.v, this.target(vec.start + 4 * i)));
  }

  int32s(id: number): number[] {
    const vec = this.vector(id, 4);
    return vec ? Array.from({ length: vec.length }, (_, i) => this.v.getInt32(vec.start + 4 * i, true)) : [];
  }

  float32s(id: number): number[] {
    const vec = this.vector(id, 4);
    return vec ? Array.from({ length: vec.length }, (_, i) => this.v.getFloat32(vec.start + 4 * i, true)) : [];
  }

  int64s(id: number): number[] {
    const vec = this.vector(id, 8);
    return vec ? Array.from({ length: vec.length }, (_, i) => Number(this.v.getBigInt64(vec.start + 8 * i, true))) : [];
  }

  /** A byte vector, copied. */
  bytes(id: number): Uint8Array {
    const vec = this.vector(id, 1);
    return vec ? new Uint8Array(this.v.buffer.slice(this.v.byteOffset + vec.start, this.v.byteOffset + vec.start + vec.length)) : new Uint8Array(0);
  }

  string(id: number): string | null {
    const vec = this.vector(id, 1);
    if (!vec) return null;
    return new TextDecoder().decode(new Uint8Array(this.v.buffer, this.v.byteOffset + vec.start, vec.length));
  }
}
