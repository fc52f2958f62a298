// The parsers of what an RDP server sends: whatever the bytes, a result or a typed error (truncated
// or malformed) — never an exception, never a read past the input; lengths stay within one TPKT frame.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseConnectionConfirm, connectionRequest, PROTOCOL_SSL } from '../../../src/core/wire/x224';
import { ENCRYPTION_METHOD, mcsConnectInitial, parseMcsConnectResponse } from '../../../src/core/wire/mcs';
import { tpktFrame } from '../../../src/core/wire/tpkt';
import { connectionConfirm, mcsConnectResponse } from './server-pdus';

const RUNS = { numRuns: 2000 };
const typed = (r: { ok: boolean; error?: { kind: string; message: string } }): void => {
  if (!r.ok) {
    assert.ok(r.error && ['truncated', 'malformed'].includes(r.error.kind));
    assert.ok(r.error.message.length > 0);
  }
};

/** A valid answer, cut, with a byte overwritten, or with bytes inserted. */
function damaged(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.nat({ max: bytes.length }).map((n) => bytes.subarray(0, n)),
    fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const c = bytes.slice();
      c[i] = b;
      return c;
    }),
    fc.tuple(fc.nat({ max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([i, ins]) => {
      const c = new Uint8Array(bytes.length + ins.length);
      c.set(bytes.subarray(0, i));
      c.set(ins, i);
      c.set(bytes.subarray(i), i + ins.length);
      return c;
    }),
  );
}

const realCc = connectionConfirm({ rsp: 0, flags: 1 });
const realMcs = mcsConnectResponse({ method: ENCRYPTION_METHOD.fips, level: 4 });

describe('RDP parsers never throw', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
        typed(parseConnectionConfirm(b));
        typed(parseMcsConnectResponse(b));
        const f = tpktFrame(b);
        if (f.kind === 'need') assert.ok(f.bytes >= 1 && f.bytes <= 65535);
        if (f.kind === 'frame') assert.ok(f.length <= b.length && f.length <= 65535);
      }),
      RUNS,
    );
  });

  it('on damaged real answers, with a TPKT header in front', () => {
    fc.assert(
      fc.property(fc.oneof(damaged(realCc), damaged(realMcs)), (b) => {
        typed(parseConnectionConfirm(b));
        typed(parseMcsConnectResponse(b));
      }),
      RUNS,
    );
  });

  it('on answers whose every length field claims the most it can', () => {
    fc.assert(
      fc.property(fc.nat({ max: realMcs.length - 2 }), (i) => {
        const c = realMcs.slice();
        c[i] = 0xff;
        c[i + 1] = 0xff;
        typed(parseMcsConnectResponse(c));
      }),
      { numRuns: realMcs.length },
    );
  });
});

describe('a truncated answer is a typed "truncated" error, and the framer asks for exactly the rest', () => {
  for (const [name, pdu, parse] of [
    ['Connection Confirm', realCc, parseConnectionConfirm],
    ['MCS Connect Response', realMcs, parseMcsConnectResponse],
  ] as const) {
    it(name, () => {
      for (let n = 0; n < pdu.length; n++) {
        const cut = pdu.subarray(0, n);
        const r = parse(cut);
        assert.equal(r.ok, false, `${n} bytes`);
        if (!r.ok) assert.equal(r.error.kind, 'truncated', `${n} bytes: ${r.error.message}`);
        const f = tpktFrame(cut);
        assert.equal(f.kind, 'need');
        if (f.kind === 'need' && n >= 4) assert.equal(f.bytes, pdu.length - n);
      }
      assert.deepEqual(tpktFrame(pdu), { kind: 'frame', length: pdu.length });
    });
  }
});

describe('round trips', () => {
  it('Connection Confirm: selected, refused, no negotiation', () => {
    assert.deepEqual(parseConnectionConfirm(connectionConfirm({ rsp: PROTOCOL_SSL, flags: 0x1f })), {
      ok: true,
      value: { kind: 'selected', protocol: 1, flags: 0x1f },
    });
    assert.deepEqual(parseConnectionConfirm(connectionConfirm({ failure: 1 })), {
      ok: true,
      value: { kind: 'refused', failureCode: 1, failure: 'SSL_REQUIRED_BY_SERVER' },
    });
    assert.deepEqual(parseConnectionConfirm(connectionConfirm('no-negotiation')), {
      ok: true,
      value: { kind: 'no-negotiation' },
    });
  });

  it('MCS Connect Response: every method and level, with certificates up to what a PER length holds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, 8, 16),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 16_000 }), // PER lengths reach 16 383
        (method, level, certBytes) => {
          fc.pre(method !== 0 || level !== 0 || certBytes === 0);
          const r = parseMcsConnectResponse(mcsConnectResponse({ method, level, certBytes }));
          assert.deepEqual(r, {
            ok: true,
            value: {
              kind: 'connected',
              serverVersion: 0x00080004,
              encryptionMethod: method,
              encryptionLevel: level,
            },
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a refused Connect Initial gives its T.125 result', () => {
    assert.deepEqual(parseMcsConnectResponse(mcsConnectResponse({ method: 0, level: 0, result: 8 })), {
      ok: true,
      value: { kind: 'refused', result: 8 },
    });
  });

  it('the client PDUs frame themselves: TPKT length = bytes, X.224 LI consistent', () => {
    for (const p of [0, 1, 3]) {
      const cr = connectionRequest(p);
      assert.deepEqual(tpktFrame(cr), { kind: 'frame', length: cr.length });
      assert.equal(cr[4], cr.length - 5);
      assert.equal(cr[5], 0xe0);
      assert.deepEqual([...cr.subarray(-8)], [1, 0, 8, 0, p, 0, 0, 0]);
    }
    for (const m of Object.values(ENCRYPTION_METHOD)) {
      const ci = mcsConnectInitial({ encryptionMethods: m, serverSelectedProtocol: 0 });
      assert.deepEqual(tpktFrame(ci), { kind: 'frame', length: ci.length });
      // BER length of Connect-Initial = everything after its 0x7f65 tag and 3-byte length.
      assert.deepEqual([...ci.subarray(7, 9)], [0x7f, 0x65]);
      assert.equal((ci[10]! << 8) | ci[11]!, ci.length - 12);
    }
  });
});
