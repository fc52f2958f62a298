// A small RDP listener that answers as MS-RDPBCGR lays out, for tests that need one in-process:
// the layers it accepts, its level, and the one method it uses (hanging up on others, as Windows does).
import { createServer, type Server, type Socket } from 'node:net';
import { tpktFrame } from '../../src/core/wire/tpkt';
import { connectionConfirm, mcsConnectResponse } from '../core/wire/server-pdus';

export interface FakeRdp {
  readonly level: number;
  readonly method: number;
  /** Standard RDP Security accepted; otherwise SSL_REQUIRED_BY_SERVER. */
  readonly rdp?: boolean;
}

/** requestedProtocols in a Connection Request's RDP_NEG_REQ: its last 4 bytes (the low one here). */
export const offeredProtocol = (cr: Uint8Array): number => cr[cr.length - 4]!;

/** Reads the client's PDUs frame by frame (TPKT) and answers each with `answer(n, frame, socket)`. */
export function answeringFrames(
  answer: (n: number, frame: Uint8Array, s: Socket) => void,
): (s: Socket) => void {
  return (s) => {
    let buf = new Uint8Array(0);
    let n = 0;
    s.on('data', (d: Buffer) => {
      buf = new Uint8Array([...buf, ...d]);
      for (let f = tpktFrame(buf); f.kind === 'frame'; f = tpktFrame(buf)) {
        const frame = buf.slice(0, f.length);
        buf = buf.slice(f.length);
        answer(n++, frame, s);
      }
    });
  };
}

/** encryptionMethods in TS_UD_CS_SEC: the 4 bytes after its header 02 c0 0c 00. */
export function offeredMethod(ci: Uint8Array): number {
  for (let i = 0; i + 8 <= ci.length; i++)
    if (ci[i] === 0x02 && ci[i + 1] === 0xc0 && ci[i + 2] === 0x0c && ci[i + 3] === 0) return ci[i + 4]!;
  return -1;
}

export async function fakeRdpServer(
  host: string,
  o: FakeRdp,
  port = 0,
): Promise<{ server: Server; port: number }> {
  const answer = answeringFrames((n, frame, s) => {
    if (n === 0) {
      if (o.rdp === false) s.end(connectionConfirm({ failure: 1 }));
      else if (offeredProtocol(frame) === 0) s.write(connectionConfirm({ rsp: 0 }));
      else s.end(connectionConfirm({ failure: 2 }));
    } else if (offeredMethod(frame) & o.method)
      s.write(mcsConnectResponse({ method: o.method, level: o.level }));
    else s.end();
  });
  const server = createServer((s: Socket) => {
    s.on('error', () => {});
    answer(s);
  });
  await new Promise<void>((r) => server.listen(port, host, r));
  const a = server.address();
  if (!a || typeof a !== 'object') throw new Error('no address');
  return { server, port: a.port };
}
