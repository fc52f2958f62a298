// The rules of src/core/rules, one test a branch, each on exactly the facts it reads. The words they
// turn into are tested through diagnose() in diagnose.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Evidence } from '../../src/core/evidence';
import { LOCAL_GPO, domainGpoOf, setByDomainGpo } from '../../src/core/rules/domain-gpo';
import { fipsDrift, rdpPolicyDrift, type Drift } from '../../src/core/rules/drift';
import { decideFipsSource } from '../../src/core/rules/fips-source';
import { refreshRuleOf, templateRefreshRule } from '../../src/core/rules/refresh';
import { decideRdpPolicySource } from '../../src/core/rules/rdp-policy-source';
import type { SourceDecision } from '../../src/core/rules/source-decision';
import {
  forcesFips,
  isPreVista,
  rdpLevelInForce,
  valueInEvidence,
  winningSetting,
} from '../../src/core/rules/value-in-force';
import { DOMAIN_GPO, LOCAL, OTHER_GPO, evidence, gpSetting, type Facts } from '../evidence-builder';

const FIPS = 'fips-algorithm-policy';
const POLICY = 'rdp-encryption-policy';

/** The decision without the origins: which source, and which kinds of fact it rested on. */
function shape(d: SourceDecision): unknown {
  return {
    source: d.source,
    ...(d.gpo ? { gpo: d.gpo.id } : {}),
    ...(d.via ? { via: d.via } : {}),
    basis: d.basis.map((f) => f.kind),
    findings: d.findings.map((f) => f.kind),
    ...(d.settleWith ? { settleWith: d.settleWith } : {}),
  };
}
const fipsSource = (f: Facts): unknown => shape(decideFipsSource(evidence({ fips: 1, ...f }), FIPS));
const rdpSource = (f: Facts): unknown => shape(decideRdpPolicySource(evidence({ policy: 4, ...f })));

describe('decideFipsSource', () => {
  it('gpresult: a domain GPO that wins and enables it → domain-group-policy, with that GPO', () => {
    assert.deepEqual(fipsSource({ gpresult: [gpSetting(FIPS, DOMAIN_GPO, 1)], secedit: { fips: 1 } }), {
      source: 'domain-group-policy',
      gpo: DOMAIN_GPO.id,
      via: 'security-option',
      basis: ['winning-gpo'],
      findings: [],
    });
  });

  it('gpresult: the local GPO wins and enables it → local-security-policy', () => {
    assert.deepEqual(fipsSource({ gpresult: [gpSetting(FIPS, LOCAL, 1)], secedit: { fips: 1 } }), {
      source: 'local-security-policy',
      basis: ['winning-gpo', 'security-database'],
      findings: [],
    });
  });

  it('gpresult: the winning GPO disables it, the database holds it on → local-security-policy, noted', () => {
    assert.deepEqual(fipsSource({ gpresult: [gpSetting(FIPS, DOMAIN_GPO, 0)], secedit: { fips: 1 } }), {
      source: 'local-security-policy',
      basis: ['winning-gpo', 'security-database'],
      findings: ['gpo-disagrees'],
    });
  });

  it('gpresult: the winning GPO disables it, the database does not define it → registry, noted', () => {
    assert.deepEqual(fipsSource({ gpresult: [gpSetting(FIPS, DOMAIN_GPO, 0)], secedit: {} }), {
      source: 'registry',
      basis: ['winning-gpo', 'security-database'],
      findings: ['gpo-disagrees'],
    });
  });

  it('gpresult: no GPO defines it, the database does (a tattoo) → local-security-policy', () => {
    assert.deepEqual(fipsSource({ gpresult: [], secedit: { fips: 1 } }), {
      source: 'local-security-policy',
      basis: ['no-gpo-sets', 'security-database'],
      findings: [],
    });
  });

  it('gpresult: no GPO and no database entry → registry', () => {
    assert.deepEqual(fipsSource({ gpresult: [], secedit: {} }), {
      source: 'registry',
      basis: ['no-gpo-sets', 'security-database'],
      findings: [],
    });
  });

  it('gpresult: no GPO defines it, no secedit export → unknown, settled by secedit', () => {
    assert.deepEqual(fipsSource({ gpresult: [] }), {
      source: 'unknown',
      basis: ['no-gpo-sets'],
      findings: [],
      settleWith: ['secedit-export'],
    });
  });

  // A plain `secedit /export` is the local database; only /mergedpolicy "merges and exports domain
  // and local policy security settings" (secedit's docs). Without gpresult's computer part, a plain
  // or unrecorded export never rules a domain GPO out.
  it('unelevated gpresult, a plain export that does not define it → unknown (a domain GPO is not ruled out)', () => {
    for (const kind of ['local-database', 'not-recorded', undefined] as const)
      assert.deepEqual(fipsSource({ gpresult: 'unelevated', secedit: { ...(kind ? { kind } : {}) } }), {
        source: 'unknown',
        basis: ['no-computer-part', 'security-database'],
        findings: [],
        settleWith: ['elevated-gpresult', 'merged-secedit-export', 'rsop-json'],
      });
  });

  it('unelevated gpresult, a merged export that does not define it → registry (no GPO nor local policy)', () => {
    assert.deepEqual(fipsSource({ gpresult: 'unelevated', secedit: { kind: 'merged-policy' } }), {
      source: 'registry',
      basis: ['no-computer-part', 'security-database'],
      findings: [],
    });
    assert.deepEqual(fipsSource({ gpresult: 'none', secedit: {}, merged: {} }), {
      source: 'registry',
      basis: ['security-database', 'security-database'],
      findings: [],
    });
  });

  it('a merged export defines it, the plain one does not → unknown: a domain GPO, but which one needs gpresult', () => {
    assert.deepEqual(
      fipsSource({ gpresult: 'unelevated', secedit: { kind: 'local-database' }, merged: { fips: 1 } }),
      {
        source: 'unknown',
        basis: ['no-computer-part', 'security-database', 'security-database'],
        findings: [],
        settleWith: ['elevated-gpresult', 'rsop-json'],
      },
    );
  });

  it('unelevated gpresult, the database defines it → unknown, settled by an elevated gpresult', () => {
    assert.deepEqual(fipsSource({ gpresult: 'unelevated', secedit: { fips: 1 } }), {
      source: 'unknown',
      basis: ['no-computer-part', 'security-database'],
      findings: [],
      settleWith: ['elevated-gpresult', 'rsop-json'],
    });
  });

  it('neither gpresult nor secedit → unknown, settled by either', () => {
    assert.deepEqual(fipsSource({}), {
      source: 'unknown',
      basis: [],
      findings: [],
      settleWith: ['elevated-gpresult', 'merged-secedit-export', 'rsop-json'],
    });
  });

  it('an elevated gpresult makes a plain export enough: gpresult rules the GPOs out', () => {
    assert.deepEqual(fipsSource({ gpresult: [], secedit: { kind: 'local-database' } }), {
      source: 'registry',
      basis: ['no-gpo-sets', 'security-database'],
      findings: [],
    });
  });

  it('the legacy value is read from its own database entry', () => {
    const d = decideFipsSource(
      evidence({ legacy: 1, gpresult: [], secedit: { legacy: 1 } }),
      'fips-algorithm-policy-legacy',
    );
    assert.equal(d.source, 'local-security-policy');
  });
});

describe('decideRdpPolicySource', () => {
  it('gpresult: a domain GPO that wins and sets 4 → domain-group-policy, with how it set it', () => {
    assert.deepEqual(
      rdpSource({ gpresult: [gpSetting(POLICY, DOMAIN_GPO, 4, 1, 'registry-setting')], registryPol: 'none' }),
      {
        source: 'domain-group-policy',
        gpo: DOMAIN_GPO.id,
        via: 'registry-setting',
        basis: ['winning-gpo'],
        findings: [],
      },
    );
  });

  it('gpresult: the local GPO wins and sets 4 → local-group-policy, with its Registry.pol', () => {
    assert.deepEqual(rdpSource({ gpresult: [gpSetting(POLICY, LOCAL, 4)], registryPol: 4 }), {
      source: 'local-group-policy',
      gpo: LOCAL.id,
      via: 'administrative-template',
      basis: ['winning-gpo', 'local-gpo'],
      findings: [],
    });
  });

  it('gpresult: the winning GPO sets High while the value is 4 → registry, noted', () => {
    assert.deepEqual(rdpSource({ gpresult: [gpSetting(POLICY, DOMAIN_GPO, 3)] }), {
      source: 'registry',
      basis: ['winning-gpo'],
      findings: ['gpo-disagrees'],
    });
  });

  it('gpresult in another language with unnamed domain templates → unknown, not "written directly"', () => {
    const ev = evidence({ policy: 4, gpresult: [] });
    const gp = ev.groupPolicy;
    assert.ok(gp?.computerResults === 'present');
    const foreign: Evidence = { ...ev, groupPolicy: { ...gp, unrecognisedDomainTemplates: true } };
    assert.deepEqual(shape(decideRdpPolicySource(foreign)), {
      source: 'unknown',
      basis: ['unnamed-domain-templates'],
      findings: [],
      settleWith: ['english-gpresult'],
    });
  });

  it('gpresult: no GPO sets it, Registry.pol sets 4 (written since the refresh) → local-group-policy', () => {
    assert.deepEqual(rdpSource({ gpresult: [], registryPol: 4 }), {
      source: 'local-group-policy',
      gpo: LOCAL_GPO.id,
      via: 'registry-setting',
      basis: ['no-gpo-sets', 'local-gpo'],
      findings: [],
    });
  });

  it('gpresult: no GPO sets it, Registry.pol does not → registry', () => {
    assert.deepEqual(rdpSource({ gpresult: [], registryPol: 'not-defined' }), {
      source: 'registry',
      basis: ['no-gpo-sets', 'local-gpo'],
      findings: [],
    });
  });

  it('unelevated gpresult, Registry.pol sets 4 → local-group-policy, a domain GPO not ruled out', () => {
    assert.deepEqual(rdpSource({ gpresult: 'unelevated', registryPol: 4 }), {
      source: 'local-group-policy',
      gpo: LOCAL_GPO.id,
      via: 'registry-setting',
      basis: ['no-computer-part', 'local-gpo'],
      findings: ['domain-gpo-not-ruled-out'],
    });
  });

  it('unelevated gpresult, Registry.pol read and not 4 → unknown, settled by an elevated gpresult', () => {
    assert.deepEqual(rdpSource({ gpresult: 'unelevated', registryPol: 'deleted' }), {
      source: 'unknown',
      basis: ['no-computer-part', 'local-gpo'],
      findings: [],
      settleWith: ['elevated-gpresult'],
    });
  });

  it('no gpresult and no Registry.pol → unknown, settled by both', () => {
    assert.deepEqual(rdpSource({}), {
      source: 'unknown',
      basis: [],
      findings: [],
      settleWith: ['elevated-gpresult', 'registry-pol'],
    });
  });
});

describe('the domain GPO rule', () => {
  it('a domain GPO that forces FIPS sets it; the local GPO, or a domain GPO setting another value, does not', () => {
    assert.equal(setByDomainGpo(gpSetting(FIPS, DOMAIN_GPO, 1)), true);
    assert.equal(setByDomainGpo(gpSetting(POLICY, DOMAIN_GPO, 4)), true);
    assert.equal(setByDomainGpo(gpSetting(FIPS, LOCAL, 1)), false);
    assert.equal(setByDomainGpo(gpSetting(FIPS, DOMAIN_GPO, 0)), false);
    assert.equal(setByDomainGpo(gpSetting(POLICY, DOMAIN_GPO, 3)), false);
    assert.equal(setByDomainGpo(gpSetting(POLICY, DOMAIN_GPO, null)), false);
  });

  it('domainGpoOf names the GPO of a domain cause only, not the local GPO of a local one', () => {
    const gpo = { id: DOMAIN_GPO.id, name: DOMAIN_GPO.name };
    assert.deepEqual(domainGpoOf({ source: 'domain-group-policy', gpo }), gpo);
    assert.equal(
      domainGpoOf({ source: 'local-group-policy', gpo: { id: 'LocalGPO', name: 'x' } }),
      undefined,
    );
    assert.equal(domainGpoOf({ source: 'registry' }), undefined);
  });

  it('the winning GPO is the one with Precedence 1', () => {
    const w = winningSetting([gpSetting(FIPS, OTHER_GPO, 0, 2), gpSetting(FIPS, DOMAIN_GPO, 1, 1)], FIPS);
    assert.equal(w?.gpo.id, DOMAIN_GPO.id);
    assert.equal(winningSetting([gpSetting(FIPS, DOMAIN_GPO, 1)], POLICY), undefined);
  });
});

describe('valueInEvidence', () => {
  const basis = (f: Facts, id: Parameters<typeof valueInEvidence>[1]): unknown => {
    const v = valueInEvidence(evidence(f), id);
    return v.known ? [v.data, v.basis.kind] : 'not known';
  };
  it('the registry when it was read, a value or absent', () => {
    assert.deepEqual(basis({ fips: 1, gpresult: [gpSetting(FIPS, DOMAIN_GPO, 0)] }, FIPS), [1, 'registry']);
    assert.deepEqual(basis({ tcp: null }, 'rdp-tcp-encryption-level'), [null, 'registry']);
  });
  it('the RDP-Tcp value not read is not known: no policy stands behind it', () => {
    assert.equal(basis({}, 'rdp-tcp-encryption-level'), 'not known');
  });
  it('not read: the winning GPO, else the security database, else the local GPO', () => {
    assert.deepEqual(basis({ gpresult: [gpSetting(FIPS, DOMAIN_GPO, 1)], secedit: { fips: 0 } }, FIPS), [
      1,
      'winning-gpo',
    ]);
    assert.deepEqual(basis({ gpresult: [], secedit: { fips: 1 } }, FIPS), [1, 'security-database']);
    assert.deepEqual(basis({ gpresult: 'unelevated', registryPol: 4 }, POLICY), [4, 'local-gpo']);
    assert.equal(basis({ secedit: {} }, FIPS), 'not known');
  });
});

describe('rdpLevelInForce (precedence)', () => {
  const inForce = (fipsOn?: boolean, policyLevel?: number | null, tcpLevel?: number | null): unknown => {
    const r = rdpLevelInForce({ fipsOn, policyLevel, tcpLevel });
    return [r.level, r.decidedBy];
  };
  it('the FIPS option on forces FIPS Compliant, whatever the RDP settings', () => {
    assert.deepEqual(inForce(true, 2, 2), [4, 'fips-algorithm-policy']);
  });
  it('FIPS off: the Group Policy value wins over RDP-Tcp', () => {
    assert.deepEqual(inForce(false, 3, 4), [3, 'rdp-encryption-policy']);
  });
  it('FIPS off, no policy: the RDP-Tcp value, or the Windows default when it is absent', () => {
    assert.deepEqual(inForce(false, null, 2), [2, 'rdp-tcp-encryption-level']);
    assert.deepEqual(inForce(false, null, null), [null, 'default']);
  });
  it('the FIPS option not known: a policy of 4 is FIPS anyway, a policy of 3 decides nothing', () => {
    assert.deepEqual(inForce(undefined, 4, 3), [4, 'rdp-encryption-policy']);
    assert.deepEqual(inForce(undefined, 3, 3), [null, 'unknown']);
  });
  it('a level beneath an unknown one is unknown', () => {
    assert.deepEqual(inForce(false, undefined, 2), [null, 'unknown']);
    assert.deepEqual(inForce(false, null, undefined), [null, 'unknown']);
  });
});

describe('forcesFips and isPreVista', () => {
  it('FIPS is the option at 1 and an RDP level of 4', () => {
    assert.equal(forcesFips(FIPS, 1), true);
    assert.equal(forcesFips(FIPS, 4), false);
    assert.equal(forcesFips(POLICY, 4), true);
    assert.equal(forcesFips(POLICY, 1), false);
    assert.equal(forcesFips(POLICY, null), false);
  });
  it('only a version below 6 is pre-Vista; no version is not', () => {
    assert.equal(isPreVista('5.2.3790'), true);
    assert.equal(isPreVista('6.0.6002'), false);
    assert.equal(isPreVista(undefined), false);
  });
});

/** A drift without the origins: the source, the facts, and what the registry and the policy hold. */
function driftShape(d: Drift | undefined): unknown {
  return d && { ...(shape(d.decision) as object), now: d.registryNow, back: d.policyValue };
}

describe('fipsDrift (the FIPS option off in the registry, on in its policy)', () => {
  const drift = (f: Facts): unknown => driftShape(fipsDrift(evidence({ fips: 0, ...f }), FIPS));

  it('a winning domain GPO enables it → that GPO puts it back: domain-group-policy', () => {
    assert.deepEqual(drift({ gpresult: [gpSetting(FIPS, DOMAIN_GPO, 1)], secedit: {} }), {
      source: 'domain-group-policy',
      gpo: DOMAIN_GPO.id,
      via: 'security-option',
      basis: ['winning-gpo'],
      findings: [],
      now: 0,
      back: 1,
    });
  });

  it('the value absent while the GPO enables it is drift too (the refresh writes it)', () => {
    assert.deepEqual(
      (
        driftShape(fipsDrift(evidence({ fips: null, gpresult: [gpSetting(FIPS, DOMAIN_GPO, 1)] }), FIPS)) as {
          now: unknown;
        }
      ).now,
      null,
    );
  });

  it('the local GPO wins and enables it → local-security-policy', () => {
    assert.deepEqual(drift({ gpresult: [gpSetting(FIPS, LOCAL, 1)], secedit: { fips: 1 } }), {
      source: 'local-security-policy',
      basis: ['winning-gpo', 'security-database'],
      findings: [],
      now: 0,
      back: 1,
    });
  });

  it('no GPO defines it, the local database says Enabled → local-security-policy', () => {
    assert.deepEqual(drift({ gpresult: [], secedit: { fips: 1, kind: 'local-database' } }), {
      source: 'local-security-policy',
      basis: ['no-gpo-sets', 'security-database'],
      findings: [],
      now: 0,
      back: 1,
    });
  });

  it('without an elevated gpresult, a database saying Enabled → unknown (local or domain)', () => {
    assert.deepEqual(drift({ gpresult: 'unelevated', secedit: { fips: 1 } }), {
      source: 'unknown',
      basis: ['no-computer-part', 'security-database'],
      findings: [],
      settleWith: ['elevated-gpresult', 'rsop-json'],
      now: 0,
      back: 1,
    });
  });

  it('no drift: the winning GPO disables it, nothing defines it, the value is on, or the registry was not read', () => {
    assert.equal(
      fipsDrift(
        evidence({ fips: 0, gpresult: [gpSetting(FIPS, DOMAIN_GPO, 0)], secedit: { fips: 1 } }),
        FIPS,
      ),
      undefined,
    );
    assert.equal(fipsDrift(evidence({ fips: 0, gpresult: [], secedit: {} }), FIPS), undefined);
    assert.equal(
      fipsDrift(evidence({ fips: 1, gpresult: [gpSetting(FIPS, DOMAIN_GPO, 1)] }), FIPS),
      undefined,
    );
    assert.equal(fipsDrift(evidence({ gpresult: [gpSetting(FIPS, DOMAIN_GPO, 1)] }), FIPS), undefined);
  });
});

describe('rdpPolicyDrift (the RDP policy value not 4 while its policy sets 4)', () => {
  const drift = (f: Facts): unknown => driftShape(rdpPolicyDrift(evidence({ policy: 3, ...f })));

  it('a winning domain GPO sets 4 (a registry setting) → domain-group-policy', () => {
    assert.deepEqual(drift({ gpresult: [gpSetting(POLICY, DOMAIN_GPO, 4, 1, 'registry-setting')] }), {
      source: 'domain-group-policy',
      gpo: DOMAIN_GPO.id,
      via: 'registry-setting',
      basis: ['winning-gpo'],
      findings: [],
      now: 3,
      back: 4,
    });
  });

  it('the local GPO sets 4 and no GPO in gpresult does → local-group-policy', () => {
    assert.deepEqual(drift({ gpresult: [], registryPol: 4 }), {
      source: 'local-group-policy',
      gpo: 'LocalGPO',
      via: 'registry-setting',
      basis: ['no-gpo-sets', 'local-gpo'],
      findings: [],
      now: 3,
      back: 4,
    });
  });

  it('without an elevated gpresult, the local GPO setting 4 → local-group-policy, a domain GPO not ruled out', () => {
    assert.deepEqual(drift({ gpresult: 'unelevated', registryPol: 4 }), {
      source: 'local-group-policy',
      gpo: 'LocalGPO',
      via: 'registry-setting',
      basis: ['no-computer-part', 'local-gpo'],
      findings: ['domain-gpo-not-ruled-out'],
      now: 3,
      back: 4,
    });
  });

  it('a **soft. record puts 4 back only where the server has no value', () => {
    const soft = (policy: number | null): Evidence => {
      const ev = evidence({ policy, gpresult: [], registryPol: 4 });
      const pol = ev.localGpo?.rdpEncryptionPolicy;
      return pol?.state === 'set' ? { ...ev, localGpo: { rdpEncryptionPolicy: { ...pol, soft: true } } } : ev;
    };
    assert.equal(rdpPolicyDrift(soft(3)), undefined);
    assert.equal(rdpPolicyDrift(soft(null))?.decision.source, 'local-group-policy');
  });

  it('no drift: the winning GPO sets High, the value is 4 already, or nothing sets 4', () => {
    assert.equal(rdpPolicyDrift(evidence({ policy: 4, gpresult: [], registryPol: 4 })), undefined);
    assert.equal(
      rdpPolicyDrift(evidence({ policy: 3, gpresult: [gpSetting(POLICY, DOMAIN_GPO, 3)], registryPol: 4 })),
      undefined,
    );
    assert.equal(rdpPolicyDrift(evidence({ policy: null, gpresult: [], registryPol: 3 })), undefined);
  });
});

describe('refresh rules', () => {
  const d = (f: Partial<SourceDecision>): SourceDecision => ({
    source: 'registry',
    basis: [],
    findings: [],
    ...f,
  });

  it('each GPO route by its own extension: a preference by Preferences, a registry item by the template rule, FIPS included', () => {
    const domain = { source: 'domain-group-policy' as const, gpo: DOMAIN_GPO };
    assert.equal(refreshRuleOf(evidence({}), FIPS, d({ ...domain, via: 'preference' })), 'preferences');
    assert.equal(
      refreshRuleOf(evidence({}), FIPS, d({ ...domain, via: 'registry-setting' })),
      'administrative-template',
    );
    assert.equal(
      refreshRuleOf(evidence({}), FIPS, d({ ...domain, via: 'security-option' })),
      'security-settings',
    );
    assert.equal(
      refreshRuleOf(evidence({}), 'rdp-tcp-encryption-level', d({ ...domain, via: 'preference' })),
      'preferences',
    );
    assert.equal(
      refreshRuleOf(
        evidence({ noGpoListChanges: 0 }),
        'rdp-tcp-encryption-level',
        d({ ...domain, via: 'registry-setting' }),
      ),
      'administrative-template-every-refresh',
    );
  });

  it('security settings for the FIPS option by any policy; none for a direct write no GPO contradicts', () => {
    assert.equal(
      refreshRuleOf(evidence({}), FIPS, d({ source: 'domain-group-policy' })),
      'security-settings',
    );
    assert.equal(
      refreshRuleOf(evidence({}), FIPS, d({ source: 'local-security-policy' })),
      'security-settings',
    );
    assert.equal(refreshRuleOf(evidence({}), FIPS, d({ source: 'registry' })), 'none');
    assert.equal(
      refreshRuleOf(
        evidence({}),
        FIPS,
        d({ findings: [{ kind: 'gpo-disagrees', setting: gpSetting(FIPS, DOMAIN_GPO, 0) }] }),
      ),
      'security-settings',
    );
    assert.equal(
      refreshRuleOf(evidence({}), 'rdp-tcp-encryption-level', d({ source: 'rdp-tcp-connection' })),
      'none',
    );
  });

  it('templates: only on a GPO change unless NoGPOListChanges is 0 ("Process even if…")', () => {
    assert.equal(templateRefreshRule(evidence({})), 'administrative-template');
    assert.equal(templateRefreshRule(evidence({ noGpoListChanges: null })), 'administrative-template');
    assert.equal(templateRefreshRule(evidence({ noGpoListChanges: 1 })), 'administrative-template');
    assert.equal(
      templateRefreshRule(evidence({ noGpoListChanges: 0 })),
      'administrative-template-every-refresh',
    );
    assert.equal(
      refreshRuleOf(evidence({ noGpoListChanges: 0 }), POLICY, d({ source: 'local-group-policy' })),
      'administrative-template-every-refresh',
    );
  });
});
