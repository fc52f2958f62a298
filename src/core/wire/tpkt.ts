// TPKT (RFC 1006) frames every X.224 PDU on an RDP connection: version 3, a reserved byte, then the
// whole frame's length, big-endian. The length field is 16 bits, so no frame can claim more than
// 65 535 bytes; the probe reads exactly one frame per answer and never buffers beyond it.
import { ByteWriter, type WireError } from './bytes';

export const TPKT_HEADER_BYTES = 4;
/** The smallest frame that can hold an X.224 header (LI and code). */
const MIN_FRAME_BYTES = TPKT_HEADER_BYTES + 2;

export type FrameState =
  | { readonly kind: 'need'; readonly bytes: number }
  | { readonly kind: 'frame'; readonly length: number }
  | { readonly kind: 'error'; readonly error: WireError };

/**
 * How far the bytes received so far go towards one TPKT frame: more needed, a whole frame (its
 * length), or bytes that are no TPKT at all (a TLS record, a fast-path PDU, text, garbage).
 */
export function tpktFrame(received: Uint8Array): FrameState {
  if (received.length === 0) return { kind: 'need', bytes: TPKT_HEADER_BYTES };
  if (received[0] !== 0x03)
    return {
      kind: 'error',
      error: {
        kind: 'malformed',
        message: `not an RDP answer: the first byte is 0x${received[0]!.toString(16).padStart(2, '0')}, a TPKT header starts with 0x03`,
      },
    };
  if (received.length < TPKT_HEADER_BYTES)
    return { kind: 'need', bytes: TPKT_HEADER_BYTES - received.length };
  const length = (received[2]! << 8) | received[3]!;
  if (length < MIN_FRAME_BYTES)
    return {
      kind: 'error',
      error: { kind: 'malformed', message: `TPKT length ${length} is shorter than any X.224 PDU` },
    };
  if (received.length < length) return { kind: 'need', bytes: length - received.length };
  return { kind: 'frame', length };
}

export function tpkt(payload: Uint8Array): Uint8Array {
  return new ByteWriter()
    .u8(3)
    .u8(0)
    .u16be(payload.length + TPKT_HEADER_BYTES)
    .bytes(payload)
    .done();
}
