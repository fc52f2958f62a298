// Plans: the change by the method that turned FIPS on, before → after; refusals say why.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose';
import { PlanSchema, planRemediation, type RemediationPlan } from '../../src/core/plan';
import { DOMAIN_GPO, LOCAL, evidence, gpSetting, type Facts } from '../evidence-builder';

const plan = (f: Facts, choices = {}): RemediationPlan =>
  PlanSchema.parse(planRemediation(diagnose(evidence(f)), choices));

describe('planRemediation', () => {
  it('RDP-Tcp at 4: the RDP-Tcp value 4 → 3 (High by default), method 1', () => {
    const p = plan({ fips: 0, policy: null, tcp: 4, gpresult: [] });
    assert.equal(p.kind, 'changes');
    if (p.kind !== 'changes') return;
    assert.deepEqual(
      p.changes.map((c) => [c.id, c.via, c.before, c.after, c.method]),
      [['rdp-tcp-encryption-level', 'rdp-tcp-value', 4, 3, 1]],
    );
    assert.equal(p.refreshPolicyAfter, false);
    assert.ok(p.takesEffect.some((t) => t.what.includes('drops every session')));
  });

  it('the target level is the administrator’s choice', () => {
    const p = plan({ fips: 0, policy: null, tcp: 4, gpresult: [] }, { rdpTargetLevel: 2 });
    assert.equal(p.kind === 'changes' && p.changes[0]?.after, 2);
    assert.ok(p.kind === 'changes' && p.warnings.some((w) => w.includes('weaker than High')));
  });

  it('Low needs an explicit confirmation', () => {
    const refused = plan({ fips: 0, policy: null, tcp: 4, gpresult: [] }, { rdpTargetLevel: 1 });
    assert.equal(refused.kind, 'refused');
    assert.match(refused.kind === 'refused' ? (refused.reasons[0] ?? '') : '', /explicit confirmation/);
    const confirmed = plan(
      { fips: 0, policy: null, tcp: 4, gpresult: [] },
      { rdpTargetLevel: 1, confirmLowLevel: true },
    );
    assert.equal(confirmed.kind === 'changes' && confirmed.changes[0]?.after, 1);
  });

  it('FIPS (never 4) cannot be chosen as a target level', () => {
    assert.throws(() =>
      planRemediation(diagnose(evidence({ tcp: 4, policy: null, fips: 0 })), { rdpTargetLevel: 4 as 3 }),
    );
  });

  it('FIPS by local security policy: through local security policy, 1 → 0, with the compliance warning', () => {
    const p = plan({
      fips: 1,
      policy: null,
      tcp: 2,
      secedit: { fips: 1 },
      gpresult: [gpSetting('fips-algorithm-policy', LOCAL, 1)],
    });
    assert.equal(p.kind, 'changes');
    if (p.kind !== 'changes') return;
    assert.deepEqual(
      p.changes.map((c) => [c.via, c.before, c.after, c.method]),
      [['local-security-policy', 1, 0, 2]],
    );
    assert.ok(p.warnings.some((w) => w.includes('STIG')));
  });

  it('local GPO: through Registry.pol, and a policy refresh afterwards', () => {
    const p = plan({ policy: 4, registryPol: 4, fips: 0, tcp: 2 });
    assert.equal(p.kind === 'changes' && p.changes[0]?.via, 'local-gpo');
    assert.equal(p.kind === 'changes' && p.refreshPolicyAfter, true);
  });

  it('a domain GPO: refused, naming the GPO, even when a local cause could be fixed', () => {
    const p = plan({
      fips: 1,
      policy: null,
      tcp: 4,
      secedit: { fips: 1 },
      gpresult: [gpSetting('fips-algorithm-policy', DOMAIN_GPO, 1)],
    });
    assert.equal(p.kind, 'refused');
    if (p.kind !== 'refused') return;
    assert.match(p.reasons[0] ?? '', /Fabrikam Member Server Security/);
    assert.match(p.reasons.at(-1) ?? '', /would not unblock/);
  });

  it('an unknown source: refused until the evidence settles it', () => {
    const p = plan({ fips: 1, policy: null, tcp: 2 });
    assert.equal(p.kind, 'refused');
    assert.match(p.kind === 'refused' ? (p.reasons[0] ?? '') : '', /cannot tell who set it/);
  });

  it('Server 2003 with the legacy option set by local security policy: refused with what to do in secpol.msc', () => {
    const p = plan({
      legacy: 1,
      fips: null,
      policy: null,
      tcp: 2,
      os: '5.2.3790',
      secedit: { legacy: 1 },
      gpresult: [],
    });
    assert.equal(p.kind, 'refused');
    assert.match(p.kind === 'refused' ? (p.reasons[0] ?? '') : '', /Server 2003.*secpol\.msc/);
  });

  it('nothing blocks: already fixed', () => {
    const p = plan({ fips: 0, policy: null, tcp: 3 });
    assert.deepEqual(p, {
      format: 'fipsfix-plan/1',
      machine: 'TEST',
      kind: 'nothing-to-do',
      message: 'Already fixed: nothing read forces the FIPS encryption level.',
    });
  });
});

describe('planRemediation: drift and incomplete evidence', () => {
  it('FIPS 0 while local security policy says Enabled: turned off there (before 0 → 0, the database follows)', () => {
    const p = plan({
      fips: 0,
      policy: null,
      tcp: 2,
      secedit: { fips: 1, kind: 'local-database' },
      gpresult: [gpSetting('fips-algorithm-policy', LOCAL, 1)],
    });
    assert.equal(p.kind, 'changes');
    if (p.kind !== 'changes') return;
    assert.deepEqual(
      p.changes.map((c) => [c.id, c.via, c.before, c.after, c.method]),
      [['fips-algorithm-policy', 'local-security-policy', 0, 0, 2]],
    );
    assert.match(p.changes[0]?.reason ?? '', /would turn it back on at the next security refresh/);
  });

  it('the RDP policy value at High (or absent) while the local GPO sets 4: Registry.pol to 3, then a refresh', () => {
    for (const policy of [3, null]) {
      const p = plan({ fips: 0, policy, tcp: 2, secedit: {}, gpresult: [], registryPol: 4 });
      assert.equal(p.kind, 'changes');
      if (p.kind !== 'changes') continue;
      assert.deepEqual(
        p.changes.map((c) => [c.id, c.via, c.before, c.after]),
        [['rdp-encryption-policy', 'local-gpo', policy, 3]],
      );
      assert.equal(p.refreshPolicyAfter, true);
    }
  });

  it('FIPS 0 while a domain GPO says Enabled: refused, naming the GPO and when it comes back', () => {
    const p = plan({
      fips: 0,
      policy: null,
      tcp: 2,
      gpresult: [gpSetting('fips-algorithm-policy', DOMAIN_GPO, 1)],
    });
    assert.equal(p.kind, 'refused');
    const reasons = p.kind === 'refused' ? p.reasons.join(' ') : '';
    assert.match(reasons, /0 \(Disabled\) now, but its policy puts back 1 \(Enabled\)/);
    assert.match(reasons, /Fabrikam Member Server Security/);
    assert.match(reasons, /within 16 hours/);
  });

  it('a fixable cause, but the FIPS option not in the evidence: refused until it is collected', () => {
    const p = plan({ policy: 4, tcp: 2, gpresult: [], registryPol: 4 });
    assert.equal(p.kind, 'refused');
    const reasons = p.kind === 'refused' ? p.reasons : [];
    assert.match(reasons[0] ?? '', /FIPSAlgorithmPolicy.*Collect: reg export/);
  });

  it('the restart words claim no version range', () => {
    const p = plan({ fips: 1, policy: null, tcp: 4, secedit: { fips: 1 }, gpresult: [] });
    assert.equal(p.kind, 'changes');
    const words = p.kind === 'changes' ? p.takesEffect.map((t) => t.what).join(' ') : '';
    assert.doesNotMatch(words, /20\d\d/);
    assert.match(words, /Restart requirement: None/);
    assert.match(words, /caches the mode per process/);
  });
});
