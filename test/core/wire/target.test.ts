// Targets as an administrator writes them, and a clear reason for each one FipsFix refuses.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseHostsFile, parseTarget } from '../../../src/core/wire/target';

describe('parseTarget', () => {
  const good: [string, string, number][] = [
    ['srv01', 'srv01', 3389],
    ['srv01.corp.example:3390', 'srv01.corp.example', 3390],
    ['10.0.0.5', '10.0.0.5', 3389],
    ['127.0.0.2:65535', '127.0.0.2', 65535],
    ['[::1]', '::1', 3389],
    ['[2001:db8::1]:3391', '2001:db8::1', 3391],
    ['fe80::1%eth0', 'fe80::1%eth0', 3389],
    ['[::ffff:10.0.0.1]:1', '::ffff:10.0.0.1', 1],
    ['  srv02  ', 'srv02', 3389],
  ];
  for (const [raw, host, port] of good)
    it(`reads ${raw}`, () =>
      assert.deepEqual(parseTarget(raw), { ok: true, value: { target: raw.trim(), host, port } }));

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['srv:0', /outside 1–65535/],
    ['srv:70000', /outside 1–65535/],
    ['srv:rdp', /not a number/],
    ['[::1', /without "\]"/],
    ['[::1]3389', /unexpected/],
    ['[srv01]:3389', /not an IPv6 address/],
    ['2001:db8::1:3389:x', /not an IPv6 address/],
    ['300.1.1.1', /not a host name or an IPv4 address/],
    ['bad_host!', /not a host name/],
    ['-srv', /not a host name/],
  ];
  for (const [raw, reason] of bad)
    it(`refuses "${raw}"`, () => {
      const r = parseTarget(raw);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
    });

  it('never throws, and what it accepts has a port in range', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const r = parseTarget(s);
        if (r.ok) assert.ok(r.value.port >= 1 && r.value.port <= 65535 && r.value.host.length > 0);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseHostsFile', () => {
  it('skips blanks and comments, names bad lines by number', () => {
    const r = parseHostsFile('# servers\nsrv01\n\n  srv02:3390  # second listener\r\nsrv:x\n');
    assert.deepEqual(
      r.targets.map((t) => `${t.host}:${t.port}`),
      ['srv01:3389', 'srv02:3390'],
    );
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!, /^line 5: "srv:x": port "x" is not a number/);
  });
});
