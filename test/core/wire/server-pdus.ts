// The server's side of the two exchanges, built byte by byte for the tests (the parsers' round trips,
// the hostile fake servers): a Connection Confirm and an MCS Connect Response as MS-RDPBCGR lays them out.
import { ByteWriter } from '../../../src/core/wire/bytes';
import { tpkt } from '../../../src/core/wire/tpkt';

export function connectionConfirm(
  answer: { rsp: number; flags?: number } | { failure: number } | 'no-negotiation',
): Uint8Array {
  const neg =
    answer === 'no-negotiation'
      ? new Uint8Array()
      : 'rsp' in answer
        ? new ByteWriter()
            .u8(2)
            .u8(answer.flags ?? 0)
            .u16le(8)
            .u32le(answer.rsp)
            .done()
        : new ByteWriter().u8(3).u8(0).u16le(8).u32le(answer.failure).done();
  return tpkt(
    new ByteWriter()
      .u8(6 + neg.length)
      .u8(0xd0)
      .u16be(0)
      .u16be(0x1234)
      .u8(0)
      .bytes(neg)
      .done(),
  );
}

function berLen(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >>> 8, n & 0xff];
}
const ber = (tag: number[], c: readonly number[]): number[] => [...tag, ...berLen(c.length), ...c];

export function mcsConnectResponse(o: {
  method: number;
  level: number;
  version?: number;
  result?: number;
  /** Bytes of a server certificate to carry (a real server sends ~180 bytes or an X.509 chain). */
  certBytes?: number;
}): Uint8Array {
  const sec = new ByteWriter().u32le(o.method).u32le(o.level);
  if (o.method !== 0 || o.level !== 0) {
    const cert = o.certBytes ?? 184;
    sec.u32le(32).u32le(cert).zeros(32).zeros(cert);
  }
  const secBody = sec.done();
  const blocks = new ByteWriter()
    .u16le(0x0c01)
    .u16le(12)
    .u32le(o.version ?? 0x00080004)
    .u32le(0)
    .u16le(0x0c02)
    .u16le(secBody.length + 4)
    .bytes(secBody)
    .u16le(0x0c03)
    .u16le(8)
    .u16le(0x03eb)
    .u16le(0)
    .done();
  const per = blocks.length < 0x80 ? [blocks.length] : [0x80 | (blocks.length >>> 8), blocks.length & 0xff];
  const ccrHead = [0x14, 0x76, 0x0a, 0x01, 0x01, 0x00, 0x01, 0xc0, 0x00, 0x4d, 0x63, 0x44, 0x6e];
  const connectPdu = [...ccrHead, ...per, ...blocks];
  const cpLen =
    connectPdu.length < 0x80
      ? [connectPdu.length]
      : [0x80 | (connectPdu.length >>> 8), connectPdu.length & 0xff];
  const userData = [0x00, 0x05, 0x00, 0x14, 0x7c, 0x00, 0x01, ...cpLen, ...connectPdu];
  const params = [
    0x02, 0x01, 0x22, 0x02, 0x01, 0x03, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01,
    0x01, 0x02, 0x03, 0x00, 0xff, 0xf8, 0x02, 0x01, 0x02,
  ];
  const body = ber(
    [0x7f, 0x66],
    [...ber([0x0a], [o.result ?? 0]), ...ber([0x02], [0]), ...ber([0x30], params), ...ber([0x04], userData)],
  );
  return tpkt(Uint8Array.from([0x02, 0xf0, 0x80, ...body]));
}
