// The probe against a real RDP server: Debian's xrdp in every crypt_level × security_layer, each on
// its own 127.0.0.x, with nmap's rdp-enum-encryption run against the same listener in the same test.
// The probe must agree with nmap on every level and method, and say more where nmap's script gives
// up (TLS required). Skipped, saying why, only where xrdp or nmap is not installed (.ci/run installs both).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConnectionGate } from '../../src/machine/rdp-probe/connection-gate';
import { probeTarget } from '../../src/machine/rdp-probe/probe-target';
import type { ProbeTarget } from '../../src/core/wire/probe-document';
import {
  CRYPT_LEVELS,
  SECURITY_LAYERS,
  makeCertificate,
  nmapMissing,
  runNmap,
  startXrdp,
  xrdpMissing,
} from '../../scripts/xrdp-listeners.mjs';

const missing = xrdpMissing() ?? nmapMissing();
if (missing) process.stdout.write(`# skipped: the xrdp/nmap suite needs them installed: ${missing}\n`);

const LEVEL_OF = { low: 'low', medium: 'client-compatible', high: 'high', fips: 'fips' } as const;
/** What xrdp offers per crypt_level (xrdp.ini(5): only 40- and 128-bit, and FIPS). */
const METHODS_OF = { low: ['40-bit'], medium: ['40-bit'], high: ['128-bit'], fips: ['fips'] } as const;

type Listener = Awaited<ReturnType<typeof startXrdp>>;

describe('xrdp in every level and security layer, beside nmap', { skip: missing }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-xrdp-'));
  const listeners: Listener[] = [];
  const probes = new Map<string, ProbeTarget>();
  const nmaps = new Map<string, Awaited<ReturnType<typeof runNmap>>>();

  before(async () => {
    const cert = makeCertificate(dir);
    let i = 0;
    for (const cryptLevel of CRYPT_LEVELS)
      for (const securityLayer of SECURITY_LAYERS) {
        i++;
        listeners.push(
          await startXrdp({
            dir,
            name: `${cryptLevel}-${securityLayer}`,
            address: `127.0.0.${40 + i}`,
            port: 35400 + i,
            securityLayer,
            cryptLevel,
            cert,
          }),
        );
      }
    // One listener at a time, then nmap on all of them at once: xrdp listens with a backlog of 2, and
    // on a busy machine (the suite runs files in parallel) a crowd of SYNs would be dropped and retried.
    const gate = new ConnectionGate(64, 2);
    for (const l of listeners)
      probes.set(
        l.name,
        await probeTarget(
          { target: `${l.address}:${l.port}`, host: l.address, port: l.port },
          { timeoutMs: 15_000, gate },
        ),
      );
    await Promise.all(listeners.map(async (l) => nmaps.set(l.name, await runNmap(l.address, l.port))));
    const rows = listeners.map((l) => {
      const p = probes.get(l.name)!;
      const n = nmaps.get(l.name)!;
      return `# ${l.name.padEnd(17)} nmap: ${(n.level ?? '(script failed)').padEnd(17)} ${n.methods.join(',').padEnd(8)} | probe: ${String(p.encryptionLevel).padEnd(17)} ${p.encryptionMethods.join(',').padEnd(8)} rdp=${p.securityLayers.rdp} tls=${p.securityLayers.tls} credssp=${p.securityLayers.credssp} demandsFips=${p.demandsFips}`;
    });
    process.stdout.write(`${rows.join('\n')}\n`);
  });

  after(async () => {
    await Promise.all(listeners.map((l) => l.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  for (const cryptLevel of CRYPT_LEVELS)
    for (const securityLayer of SECURITY_LAYERS) {
      const name = `${cryptLevel}-${securityLayer}`;
      it(`${name}: agrees with nmap${securityLayer === 'tls' ? ', and says more' : ''}`, () => {
        const p = probes.get(name)!;
        const n = nmaps.get(name)!;
        assert.equal(p.error, undefined, JSON.stringify(p.error));
        assert.equal(p.reachable, true);
        assert.equal(p.securityLayers.credssp, false, 'xrdp has no CredSSP');
        if (securityLayer === 'tls') {
          // nmap's cipher enumeration sends no RDP_NEG_REQ and xrdp refuses it: the script prints nothing.
          assert.equal(n.level, undefined, n.out);
          assert.deepEqual(p.securityLayers, { rdp: false, tls: true, credssp: false });
          assert.equal(p.refusals?.rdp, 'SSL_REQUIRED_BY_SERVER');
          assert.equal(p.encryptionLevel, null, 'not visible on the wire under TLS');
          assert.equal(p.demandsFips, null);
        } else {
          assert.equal(n.level, LEVEL_OF[cryptLevel], n.out);
          assert.equal(p.encryptionLevel, n.level);
          assert.deepEqual(p.encryptionMethods, n.methods);
          assert.deepEqual(p.encryptionMethods, METHODS_OF[cryptLevel]);
          assert.equal(p.securityLayers.rdp, true);
          assert.equal(p.securityLayers.tls, securityLayer === 'negotiate');
          assert.equal(p.demandsFips, cryptLevel === 'fips');
        }
        if (securityLayer !== 'rdp') {
          assert.equal(p.tls?.certificate?.subject, 'CN=fipsfix-test-listener');
          assert.equal(p.tls?.certificate?.expired, false);
          assert.match(p.tls?.protocol ?? '', /^TLSv1\.[23]$/);
          assert.ok((p.tls?.cipher ?? '').length > 0);
          // Enhanced RDP Security: the server security data over TLS says none (MS-RDPBCGR 5.4.1).
          assert.equal(p.tls?.encryptionLevel, 'none');
        } else assert.equal(p.tls, undefined);
      });
    }
});
