// The second exchange (MS-RDPBCGR 2.2.1.3, 2.2.1.4): the client's MCS Connect Initial carries a GCC
// Conference Create Request whose user data are the client's data blocks — TS_UD_CS_SEC among them,
// with the encryption methods it offers; the server's MCS Connect Response carries its own blocks,
// TS_UD_SC_SEC1 with the method it chose and its encryption level. The probe goes no further.
import { ByteReader, ByteWriter, readWith, type WireResult } from './bytes';
import { tpkt, TPKT_HEADER_BYTES } from './tpkt';

/** encryptionMethods flags (MS-RDPBCGR 2.2.1.3.3). */
export const ENCRYPTION_METHOD = {
  '40-bit': 0x01,
  '128-bit': 0x02,
  '56-bit': 0x08,
  fips: 0x10,
} as const;
export type EncryptionMethodName = keyof typeof ENCRYPTION_METHOD;
/** In the order nmap's rdp-enum-encryption offers them, one a connection. */
export const ENCRYPTION_METHOD_NAMES: readonly EncryptionMethodName[] = [
  '40-bit',
  '56-bit',
  '128-bit',
  'fips',
];

/** encryptionLevel of TS_UD_SC_SEC1 (MS-RDPBCGR 2.2.1.4.3); the numbers are the registry's 1–4 too. */
export const ENCRYPTION_LEVEL_NAMES = ['none', 'low', 'client-compatible', 'high', 'fips'] as const;
export type EncryptionLevelName = (typeof ENCRYPTION_LEVEL_NAMES)[number];

export function encryptionMethodName(flag: number): EncryptionMethodName | undefined {
  return ENCRYPTION_METHOD_NAMES.find((n) => ENCRYPTION_METHOD[n] === flag);
}

const X224_DATA = [0x02, 0xf0, 0x80];
const CS_CORE = 0xc001;
const CS_SECURITY = 0xc002;
const CS_CLUSTER = 0xc004;
const SC_CORE = 0x0c01;
const SC_SECURITY = 0x0c02;
/** "McDn": the H.221 non-standard key that opens the server's GCC user data. */
const MCDN = [0x4d, 0x63, 0x44, 0x6e];

function berLength(n: number): number[] {
  return n < 0x80 ? [n] : [0x82, n >>> 8, n & 0xff];
}
function perLength(n: number): number[] {
  return n < 0x80 ? [n] : [0x80 | (n >>> 8), n & 0xff];
}
function ber(tag: readonly number[], content: Uint8Array | readonly number[]): number[] {
  return [...tag, ...berLength(content.length), ...content];
}
function berInt(v: number): number[] {
  return v < 0x80 ? [0x02, 1, v] : [0x02, 2, v >>> 8, v & 0xff];
}
function domainParameters(p: readonly number[]): number[] {
  return ber([0x30], p.flatMap(berInt));
}

function clientCoreData(serverSelectedProtocol: number): Uint8Array {
  const name = new ByteWriter();
  for (const c of 'FIPSFIX') name.u16le(c.charCodeAt(0));
  const body = new ByteWriter()
    .u32le(0x00080004) // RDP 5.0 and later
    .u16le(1024)
    .u16le(768)
    .u16le(0xca01) // RNS_UD_COLOR_8BPP
    .u16le(0xaa03) // RNS_UD_SAS_DEL
    .u32le(0x409) // keyboard layout: US
    .u32le(2600) // client build
    .bytes(name.done())
    .zeros(32 - name.length)
    .u32le(4) // IBM enhanced keyboard
    .u32le(0)
    .u32le(12)
    .zeros(64) // imeFileName
    .u16le(0xca01)
    .u16le(1)
    .u32le(0)
    .u16le(24)
    .u16le(0x0007)
    .u16le(0x0001) // RNS_UD_CS_SUPPORT_ERRINFO_PDU
    .zeros(64) // clientDigProductId
    .u8(0)
    .u8(0)
    .u32le(serverSelectedProtocol)
    .done();
  return new ByteWriter()
    .u16le(CS_CORE)
    .u16le(body.length + 4)
    .bytes(body)
    .done();
}

export interface ConnectInitialOptions {
  /** TS_UD_CS_SEC's encryptionMethods: the methods offered (the probe offers one at a time). */
  readonly encryptionMethods: number;
  /** What the server selected in RDP_NEG_RSP (0 when it answered without negotiation). */
  readonly serverSelectedProtocol: number;
}

/** The MCS Connect Initial PDU, framed (TPKT + X.224 Data), as nmap's rdp library lays it out. */
export function mcsConnectInitial(o: ConnectInitialOptions): Uint8Array {
  const blocks = new ByteWriter()
    .bytes(clientCoreData(o.serverSelectedProtocol))
    .u16le(CS_CLUSTER)
    .u16le(12)
    .u32le(0x09) // REDIRECTION_SUPPORTED, version 3
    .u32le(0)
    .u16le(CS_SECURITY)
    .u16le(12)
    .u32le(o.encryptionMethods)
    .u32le(0) // extEncryptionMethods (French locale only)
    .done();
  // T.124 ConnectData: the t124Identifier object key, then the PER-encoded Conference Create Request
  // ("Duca" is its H.221 non-standard key), whose user data are the client blocks.
  const ccr = [0x00, 0x08, 0x00, 0x10, 0x00, 0x01, 0xc0, 0x00, 0x44, 0x75, 0x63, 0x61];
  const connectPdu = [...ccr, ...perLength(blocks.length), ...blocks];
  const userData = [0x00, 0x05, 0x00, 0x14, 0x7c, 0x00, 0x01, ...perLength(connectPdu.length), ...connectPdu];
  const connectInitial = ber(
    [0x7f, 0x65],
    [
      ...ber([0x04], [0x01]), // callingDomainSelector
      ...ber([0x04], [0x01]), // calledDomainSelector
      ...ber([0x01], [0xff]), // upwardFlag TRUE
      ...domainParameters([34, 2, 0, 1, 0, 1, 0xffff, 2]),
      ...domainParameters([1, 1, 1, 1, 0, 1, 0x420, 2]),
      ...domainParameters([0xffff, 0xfc17, 0xffff, 1, 0, 1, 0xffff, 2]),
      ...ber([0x04], userData),
    ],
  );
  return tpkt(Uint8Array.from([...X224_DATA, ...connectInitial]));
}

/** MCS Disconnect Provider Ultimatum (rn-user-requested): how a client leaves before the domain. */
export function mcsDisconnect(): Uint8Array {
  return tpkt(Uint8Array.from([...X224_DATA, 0x21, 0x80]));
}

export type ConnectResponse =
  | {
      readonly kind: 'connected';
      /** TS_UD_SC_CORE's version (0x00080004 RDP 5–8, 0x00080005 and up RDP 10.x), when sent. */
      readonly serverVersion?: number;
      readonly encryptionMethod: number;
      readonly encryptionLevel: number;
    }
  /** The server refused the Connect Initial (T.125 Result other than rt-successful). */
  | { readonly kind: 'refused'; readonly result: number }
  /** The server sent Disconnect Provider Ultimatum instead of a response. */
  | { readonly kind: 'disconnected' };

function berTlv(r: ByteReader, tag: number, field: string): Uint8Array {
  const t = r.u8(`${field} tag`);
  if (t !== tag) r.fail(`${field}: BER tag 0x${t.toString(16)} where 0x${tag.toString(16)} belongs`);
  return r.take(berLen(r, field), field);
}

function berLen(r: ByteReader, field: string): number {
  const first = r.u8(`${field} length`);
  if (first < 0x80) return first;
  const n = first & 0x7f;
  if (n === 0 || n > 3) r.fail(`${field}: BER length of ${n} bytes`);
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + r.u8(`${field} length`);
  return len;
}

/** The server data blocks inside the Conference Create Response's user data. */
function serverBlocks(r: ByteReader, userData: Uint8Array): ConnectResponse {
  let start = -1;
  for (let i = 0; i + MCDN.length <= userData.length && start < 0; i++)
    if (MCDN.every((b, k) => userData[i + k] === b)) start = i + MCDN.length;
  if (start < 0) r.fail('no server data blocks in the user data (no "McDn" key)');
  const g = new ByteReader(userData.subarray(start), 'GCC Conference Create Response');
  const first = g.u8('user data length');
  const length = first & 0x80 ? ((first & 0x3f) << 8) | g.u8('user data length') : first;
  const blocks = new ByteReader(
    g.take(Math.min(length, g.remaining), 'server data blocks'),
    'server data blocks',
  );
  let version: number | undefined;
  let security: { method: number; level: number } | undefined;
  while (blocks.remaining >= 4) {
    const type = blocks.u16le('block type');
    const len = blocks.u16le('block length');
    if (len < 4) blocks.fail(`data block 0x${type.toString(16)} of length ${len}`);
    const body = new ByteReader(
      blocks.take(len - 4, `data block 0x${type.toString(16)}`),
      'server data block',
    );
    if (type === SC_CORE) version = body.u32le('TS_UD_SC_CORE version');
    else if (type === SC_SECURITY)
      security = { method: body.u32le('encryptionMethod'), level: body.u32le('encryptionLevel') };
  }
  if (!security) {
    if (length > blocks.offset) g.cutShort('the server security data (TS_UD_SC_SEC1) did not arrive');
    return r.fail('no server security data (TS_UD_SC_SEC1) among the server data blocks');
  }
  return {
    kind: 'connected',
    ...(version !== undefined ? { serverVersion: version } : {}),
    encryptionMethod: security.method,
    encryptionLevel: security.level,
  };
}

/** The server's answer to the Connect Initial: one whole TPKT frame. */
export function parseMcsConnectResponse(frame: Uint8Array): WireResult<ConnectResponse> {
  return readWith(frame, 'MCS Connect Response', (r) => {
    if (r.u8('TPKT version') !== 3) r.fail('not a TPKT frame');
    r.skip(1, 'TPKT reserved byte');
    const length = r.u16be('TPKT length');
    if (length > frame.length) r.cutShort(`the TPKT length says ${length} bytes, ${frame.length} arrived`);
    const body = new ByteReader(r.take(length - TPKT_HEADER_BYTES, 'TPKT payload'), 'MCS Connect Response');
    const li = body.u8('X.224 length indicator');
    const code = body.u8('X.224 code');
    if (code !== 0xf0) body.fail(`X.224 code 0x${code.toString(16)} where a Data TPDU (0xf0) belongs`);
    body.skip(Math.max(li - 1, 0), 'X.224 Data header');
    const mcs = body.u8('MCS PDU type');
    // Disconnect Provider Ultimatum is PER choice 8 of DomainMCSPDU: 0x20 | reason's high bit.
    if (mcs >>> 2 === 8) return { kind: 'disconnected' };
    if (mcs !== 0x7f || body.u8('MCS PDU type') !== 0x66)
      body.fail(`MCS PDU 0x${mcs.toString(16)} where a Connect Response (0x7f66) belongs`);
    const content = new ByteReader(
      body.take(berLen(body, 'Connect-Response'), 'Connect-Response'),
      'MCS Connect Response',
    );
    const result = berTlv(content, 0x0a, 'result');
    const resultValue = result.reduce((v, b) => v * 256 + b, 0);
    berTlv(content, 0x02, 'calledConnectId');
    berTlv(content, 0x30, 'domainParameters');
    if (resultValue !== 0) return { kind: 'refused', result: resultValue };
    const userData = berTlv(content, 0x04, 'userData');
    return serverBlocks(content, userData);
  });
}

/** T.125 Result names (rt-…), for messages. */
export const CONNECT_RESULTS: readonly string[] = [
  'rt-successful',
  'rt-domain-merging',
  'rt-domain-not-hierarchical',
  'rt-no-such-channel',
  'rt-no-such-domain',
  'rt-no-such-user',
  'rt-not-admitted',
  'rt-other-user-id',
  'rt-parameters-unacceptable',
  'rt-token-not-available',
  'rt-token-not-possessed',
  'rt-too-many-channels',
  'rt-too-many-tokens',
  'rt-too-many-users',
  'rt-unspecified-failure',
  'rt-user-rejected',
];
