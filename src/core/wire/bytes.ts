// A bounded reader over one PDU's bytes. Every read checks the bytes are there, so a parser built on
// it cannot read past its input whatever a server sends: it stops with a typed error instead.

/** Why a server's bytes could not be read: cut short, or not the PDU they claim to be. */
export interface WireError {
  readonly kind: 'truncated' | 'malformed';
  readonly message: string;
}

export type WireResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

export const truncated = (message: string): { ok: false; error: WireError } => ({
  ok: false,
  error: { kind: 'truncated', message },
});
export const malformed = (message: string): { ok: false; error: WireError } => ({
  ok: false,
  error: { kind: 'malformed', message },
});

/** Thrown only inside a parser and caught at its edge (`readWith`): never escapes to a caller. */
class StopReading extends Error {
  constructor(readonly wireError: WireError) {
    super(wireError.message);
  }
}

export class ByteReader {
  private readonly view: DataView;
  private at = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.at;
  }

  get remaining(): number {
    return this.bytes.length - this.at;
  }

  private need(n: number, field: string): void {
    if (n > this.remaining)
      throw new StopReading({
        kind: 'truncated',
        message: `${this.what} cut short at byte ${this.at}: ${field} needs ${n} byte(s), ${this.remaining} left`,
      });
  }

  cutShort(message: string): never {
    throw new StopReading({ kind: 'truncated', message: `${this.what} cut short: ${message}` });
  }

  fail(message: string): never {
    throw new StopReading({ kind: 'malformed', message: `${this.what}: ${message}` });
  }

  u8(field: string): number {
    this.need(1, field);
    return this.view.getUint8(this.at++);
  }

  u16be(field: string): number {
    this.need(2, field);
    const v = this.view.getUint16(this.at, false);
    this.at += 2;
    return v;
  }

  u16le(field: string): number {
    this.need(2, field);
    const v = this.view.getUint16(this.at, true);
    this.at += 2;
    return v;
  }

  u32le(field: string): number {
    this.need(4, field);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }

  take(n: number, field: string): Uint8Array {
    this.need(n, field);
    const s = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return s;
  }

  skip(n: number, field: string): void {
    this.need(n, field);
    this.at += n;
  }

  rest(): Uint8Array {
    const s = this.bytes.subarray(this.at);
    this.at = this.bytes.length;
    return s;
  }
}

/** Runs a parser over a reader; its StopReading becomes a typed result, anything else is a bug. */
export function readWith<T>(bytes: Uint8Array, what: string, parse: (r: ByteReader) => T): WireResult<T> {
  try {
    return { ok: true, value: parse(new ByteReader(bytes, what)) };
  } catch (e) {
    if (e instanceof StopReading) return { ok: false, error: e.wireError };
    throw e;
  }
}

/** Bytes written in order, for the client's PDUs. */
export class ByteWriter {
  private readonly parts: number[] = [];

  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16be(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u16le(v: number): this {
    return this.u8(v).u8(v >>> 8);
  }
  u32le(v: number): this {
    return this.u16le(v & 0xffff).u16le(v >>> 16);
  }
  bytes(b: Uint8Array | readonly number[]): this {
    for (const x of b) this.parts.push(x & 0xff);
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
