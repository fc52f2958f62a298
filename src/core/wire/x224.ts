// The first exchange of an RDP connection (MS-RDPBCGR 2.2.1.1, 2.2.1.2): the client's X.224
// Connection Request carries RDP_NEG_REQ (the security protocols it offers); the server's Connection
// Confirm carries RDP_NEG_RSP (the one it selected) or RDP_NEG_FAILURE (why none is acceptable), or
// nothing at all from a server older than RDP 5.1, which knows only Standard RDP Security.
import { ByteWriter, readWith, type WireResult } from './bytes';
import { tpkt, TPKT_HEADER_BYTES } from './tpkt';

/** requestedProtocols / selectedProtocol flags (MS-RDPBCGR 2.2.1.1.1). */
export const PROTOCOL_RDP = 0x0;
export const PROTOCOL_SSL = 0x1;
export const PROTOCOL_HYBRID = 0x2;

const X224_CR = 0xe0;
const X224_CC = 0xd0;
const TYPE_RDP_NEG_REQ = 0x01;
const TYPE_RDP_NEG_RSP = 0x02;
const TYPE_RDP_NEG_FAILURE = 0x03;

/** failureCode of RDP_NEG_FAILURE (MS-RDPBCGR 2.2.1.2.2), in the specification's names. */
export const NEGOTIATION_FAILURES: Readonly<Record<number, string>> = {
  1: 'SSL_REQUIRED_BY_SERVER',
  2: 'SSL_NOT_ALLOWED_BY_SERVER',
  3: 'SSL_CERT_NOT_ON_SERVER',
  4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER',
  6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

export type ConnectionConfirm =
  | { readonly kind: 'selected'; readonly protocol: number; readonly flags: number }
  | { readonly kind: 'refused'; readonly failureCode: number; readonly failure: string }
  /** No rdpNegData: a server before RDP 5.1, which speaks Standard RDP Security only. */
  | { readonly kind: 'no-negotiation' };

/**
 * The X.224 Connection Request with RDP_NEG_REQ offering `requestedProtocols` alone. No routing
 * token and no cookie: the cookie carries a user name hint (`mstshash=`), and the probe names no user.
 */
export function connectionRequest(requestedProtocols: number): Uint8Array {
  const neg = new ByteWriter().u8(TYPE_RDP_NEG_REQ).u8(0).u16le(8).u32le(requestedProtocols).done();
  // LI counts the X.224 header after itself: code, dst-ref, src-ref, class, then the variable part.
  const x224 = new ByteWriter()
    .u8(6 + neg.length)
    .u8(X224_CR)
    .u16be(0)
    .u16be(0)
    .u8(0)
    .bytes(neg)
    .done();
  return tpkt(x224);
}

/** The server's answer to the Connection Request: one whole TPKT frame. */
export function parseConnectionConfirm(frame: Uint8Array): WireResult<ConnectionConfirm> {
  return readWith(frame, 'X.224 Connection Confirm', (r) => {
    if (r.u8('TPKT version') !== 3) r.fail('not a TPKT frame');
    r.skip(1, 'TPKT reserved byte');
    const length = r.u16be('TPKT length');
    if (length > frame.length) r.cutShort(`the TPKT length says ${length} bytes, ${frame.length} arrived`);
    const li = r.u8('X.224 length indicator');
    const code = r.u8('X.224 code');
    if ((code & 0xf0) !== X224_CC)
      r.fail(`X.224 code 0x${code.toString(16)} where a Connection Confirm (0xd0) belongs`);
    if (li < 6) r.fail(`X.224 length indicator ${li} is too short for a Connection Confirm`);
    if (li + 1 > length - TPKT_HEADER_BYTES) r.fail(`X.224 length indicator ${li} runs past the TPKT frame`);
    r.skip(5, 'X.224 dst-ref, src-ref and class');
    if (li === 6) return { kind: 'no-negotiation' };
    const type = r.u8('rdpNegData type');
    const flags = r.u8('rdpNegData flags');
    const negLength = r.u16le('rdpNegData length');
    if (negLength !== 8) r.fail(`rdpNegData length ${negLength}; the specification fixes it at 8`);
    const value = r.u32le(type === TYPE_RDP_NEG_FAILURE ? 'failureCode' : 'selectedProtocol');
    if (type === TYPE_RDP_NEG_RSP) return { kind: 'selected', protocol: value, flags };
    if (type === TYPE_RDP_NEG_FAILURE)
      return {
        kind: 'refused',
        failureCode: value,
        failure: NEGOTIATION_FAILURES[value] ?? `failure code ${value}`,
      };
    return r.fail(`rdpNegData type 0x${type.toString(16)} is neither RDP_NEG_RSP nor RDP_NEG_FAILURE`);
  });
}
