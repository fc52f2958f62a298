// The simulated machine expresses listeners with their layers, and collections, as Windows keeps them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose';
import { loadSimulatedMachine } from '../../src/machine/simulated/load-simulated-machine';
import { evidenceFromSimulatedMachine } from '../../src/machine/simulated/simulated-evidence';
import { SimulatedHost } from '../../src/machine/simulated/simulated-host';
import { SimulatedMachineSchema } from '../../src/machine/simulated/simulated-machine-schema';

const WS = 'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations';

describe('listeners and collections on the simulated machine', () => {
  it('every WinStations key with a PortNumber but Console is a listener, with its layer and NLA', () => {
    const ev = evidenceFromSimulatedMachine(loadSimulatedMachine('listener-3390-fips').machine);
    assert.deepEqual(
      ev.listeners?.listeners.map((l) => [
        l.name,
        l.portNumber,
        l.minEncryptionLevel.state === 'dword' ? l.minEncryptionLevel.data : null,
        l.securityLayer.state === 'dword' ? l.securityLayer.data : null,
      ]),
      [
        ['RDP-Tcp', 3389, 2, 2],
        ['RDP-Tcp-3390', 3390, 4, 0],
      ],
    );
    assert.equal(ev.listeners?.onlyRdpTcp, undefined);
  });

  it('the policy twins and ClusterSettings are read from the registry', () => {
    const tls = evidenceFromSimulatedMachine(loadSimulatedMachine('listener-tls-fips').machine);
    assert.deepEqual(
      tls.listenerPolicy?.securityLayer.state === 'dword' && tls.listenerPolicy.securityLayer.data,
      2,
    );
    const rds = evidenceFromSimulatedMachine(loadSimulatedMachine('rds-collection-host').machine);
    assert.deepEqual(
      [rds.sessionDirectory?.active.state, rds.sessionDirectory?.location, rds.sessionDirectory?.clusterName],
      ['dword', 'rdcb01.contoso.com', 'Finance Desktops'],
    );
  });

  it("a listener's MinEncryptionLevel out of range is refused by the schema, as RDP-Tcp's is", () => {
    const m = structuredClone(loadSimulatedMachine('listener-3390-fips').machine);
    const key = m.registry[`${WS}\\RDP-Tcp-3390`];
    assert.ok(key);
    key['MinEncryptionLevel'] = { type: 'REG_DWORD', data: 7 };
    const r = SimulatedMachineSchema.safeParse(m);
    assert.equal(r.success, false);
    assert.match(r.error?.issues[0]?.message ?? '', /MinEncryptionLevel is 7, out of range 1 to 4/);
  });

  it("the registry-only reading (the window's first verdict) holds every listener, as the Windows twin does", () => {
    const host = new SimulatedHost(loadSimulatedMachine('listener-3390-fips').machine, 'x', undefined);
    const d = diagnose(host.evidence.collectRegistry());
    assert.deepEqual(
      d.causes.map((c) => c.listener),
      ['RDP-Tcp-3390'],
    );
    const healthy = new SimulatedHost(loadSimulatedMachine('healthy').machine, 'x', undefined);
    assert.equal(diagnose(healthy.evidence.collectRegistry()).verdict, 'not-blocked');
  });
});
