// The probe against servers that misbehave, played by fake servers on 127.0.0.3: each gets a clear
// error of its own kind within the target's deadline, never a hang or a crash. And against a
// well-behaved fake that answers as MS-RDPBCGR lays out, including Windows' way of hanging up on an
// encryption method it will not use.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { ConnectionGate } from '../../src/machine/rdp-probe/connection-gate';
import { probeTarget } from '../../src/machine/rdp-probe/probe-target';
import { answeringFrames, offeredMethod, offeredProtocol } from './fake-rdp-server';
import { connectionConfirm, mcsConnectResponse } from '../core/wire/server-pdus';

const HOST = '127.0.0.3';
const TIMEOUT = 1500;
const servers: Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function fakeServer(onConnection: (s: Socket) => void): Promise<number> {
  const server = createServer((s) => {
    s.on('error', () => {});
    onConnection(s);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, HOST, r));
  const a = server.address();
  assert.ok(a && typeof a === 'object');
  return a.port;
}

async function probe(port: number, gate = new ConnectionGate(16, 2)) {
  const t0 = Date.now();
  const r = await probeTarget({ target: `${HOST}:${port}`, host: HOST, port }, { timeoutMs: TIMEOUT, gate });
  return { r, ms: Date.now() - t0 };
}

describe('hostile and broken servers: a clear error in bounded time', () => {
  const bounded = (ms: number): void => assert.ok(ms < TIMEOUT + 700, `took ${ms} ms`);

  it('garbage', async () => {
    const port = await fakeServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const { r, ms } = await probe(port);
    bounded(ms);
    assert.equal(r.reachable, true);
    assert.equal(r.error?.kind, 'malformed');
    assert.match(r.error.message, /not an RDP answer: the first byte is 0x48/);
    assert.equal(r.demandsFips, null);
  });

  it('a truncated Connection Confirm, then a hang-up', async () => {
    const cc = connectionConfirm({ rsp: 0 });
    const port = await fakeServer((s) => s.once('data', () => s.end(cc.subarray(0, 9))));
    const { r, ms } = await probe(port);
    bounded(ms);
    assert.equal(r.error?.kind, 'truncated');
    assert.match(r.error.message, /closed the connection after 9 byte\(s\) of X.224 Connection Confirm/);
  });

  it('a TPKT header announcing 65 535 bytes that never come', async () => {
    const port = await fakeServer((s) =>
      s.once('data', () => s.write(Uint8Array.from([3, 0, 0xff, 0xff, 0x0e]))),
    );
    const { r, ms } = await probe(port);
    bounded(ms);
    assert.equal(r.error?.kind, 'timeout');
    assert.match(
      r.error.message,
      /no complete X.224 Connection Confirm within 1500 ms \(5 byte\(s\) arrived\)/,
    );
  });

  it('huge BER lengths inside the Connect Response', async () => {
    const bad = mcsConnectResponse({ method: 16, level: 4 });
    bad[9] = 0x83; // Connect-Response's length: 0x83 + 3 bytes, far past the frame
    const port = await fakeServer(
      answeringFrames((n, _f, s) => s.write(n === 0 ? connectionConfirm({ rsp: 0 }) : bad)),
    );
    const { r, ms } = await probe(port);
    bounded(ms);
    assert.ok(r.error && ['truncated', 'malformed'].includes(r.error.kind), JSON.stringify(r.error));
    assert.equal(r.securityLayers.rdp, true);
    assert.equal(r.encryptionLevel, null);
    assert.equal(r.demandsFips, null);
  });

  it('a server that never answers', async () => {
    const port = await fakeServer(() => {});
    const { r, ms } = await probe(port);
    bounded(ms);
    assert.ok(ms >= TIMEOUT - 50);
    assert.equal(r.error?.kind, 'timeout');
    assert.match(r.error.message, /nothing arrived/);
  });

  it('a server that drips a byte a second', async () => {
    const cc = connectionConfirm({ rsp: 0 });
    const port = await fakeServer((s) =>
      s.once('data', () => {
        let i = 0;
        const t = setInterval(
          () => (i < cc.length && !s.destroyed ? s.write(cc.subarray(i, ++i)) : clearInterval(t)),
          1000,
        );
        s.on('close', () => clearInterval(t));
      }),
    );
    const { r, ms } = await probe(port);
    bounded(ms);
    assert.equal(r.error?.kind, 'timeout');
    assert.match(r.error.message, /within 1500 ms \(1 byte\(s\) arrived\)/);
  });

  it('a server that floods', async () => {
    const port = await fakeServer((s) => {
      const junk = new Uint8Array(1 << 20).fill(3);
      const pump = (): void => {
        while (!s.destroyed && s.write(junk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    const { r, ms } = await probe(port);
    bounded(ms);
    assert.equal(r.error?.kind, 'malformed');
  });

  it('a closed port: unreachable at once', async () => {
    const port = await fakeServer(() => {});
    servers.at(-1)!.close();
    await new Promise((r) => setTimeout(r, 50));
    const { r, ms } = await probe(port);
    assert.ok(ms < 500, `took ${ms} ms`);
    assert.equal(r.reachable, false);
    assert.equal(r.error?.kind, 'unreachable');
    assert.match(r.error.message, /^connection refused \(ECONNREFUSED\)$/);
  });
});

describe('a well-behaved server', () => {
  it('FIPS level, Standard RDP Security only, hanging up on the methods it will not use', async () => {
    const gate = new ConnectionGate(16, 2);
    const port = await fakeServer(
      answeringFrames((n, f, s) => {
        if (n === 0) {
          s.write(
            offeredProtocol(f) === 0 ? connectionConfirm({ rsp: 0 }) : connectionConfirm({ failure: 2 }),
          );
          return;
        }
        if (n === 1 && offeredMethod(f) === 0x10)
          s.write(mcsConnectResponse({ method: 0x10, level: 4, version: 0x00080005 }));
        else s.end();
      }),
    );
    const { r } = await probe(port, gate);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.deepEqual(r.securityLayers, { rdp: true, tls: false, credssp: false });
    assert.deepEqual(r.refusals, { tls: 'SSL_NOT_ALLOWED_BY_SERVER', credssp: 'SSL_NOT_ALLOWED_BY_SERVER' });
    assert.equal(r.encryptionLevel, 'fips');
    assert.deepEqual(r.encryptionMethods, ['fips']);
    assert.equal(r.serverVersion, 0x00080005);
    assert.equal(r.demandsFips, true);
    assert.ok(gate.peak <= 2, `peak ${gate.peak} connections to one host`);
  });

  it('an RDP 5.0 server without negotiation data: Standard RDP Security only, level High', async () => {
    const port = await fakeServer(
      answeringFrames((n, f, s) => {
        if (n === 0) s.write(connectionConfirm('no-negotiation'));
        else s.write(mcsConnectResponse({ method: offeredMethod(f) === 2 ? 2 : 2, level: 3 }));
      }),
    );
    const { r } = await probe(port);
    assert.equal(r.error, undefined);
    assert.deepEqual(r.securityLayers, { rdp: true, tls: false, credssp: false });
    assert.equal(r.encryptionLevel, 'high');
    assert.deepEqual(r.encryptionMethods, ['128-bit']);
    assert.equal(r.demandsFips, false);
  });
});
