// Every built-in simulated machine gives the verdict its description promises. The table is
// written by hand from the scenario descriptions, not from the code's output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose';
import { exitCodeForDiagnosis } from '../../src/core/exit-codes';
import { planRemediation } from '../../src/core/plan';
import { BUILT_IN_SCENARIOS, DEFAULT_SCENARIO } from '../../src/machine/simulated/built-in-scenarios';
import { loadSimulatedMachine } from '../../src/machine/simulated/load-simulated-machine';
import { evidenceFromSimulatedMachine } from '../../src/machine/simulated/simulated-evidence';

type Row = {
  verdict: string;
  exit: number;
  causes: string[];
  plan: string;
  notes?: string[];
  /** Every cause is a drifted value: off in the registry now, put back by its policy. */
  drift?: true;
  /** The refresh rule of the (first) cause. */
  refresh?: string;
};
const EXPECTED: Record<string, Row> = {
  healthy: { verdict: 'not-blocked', exit: 0, causes: [], plan: 'nothing-to-do' },
  'rdp-tcp-fips': {
    verdict: 'blocked',
    exit: 1,
    causes: ['rdp-tcp-encryption-level/rdp-tcp-connection'],
    plan: 'rdp-tcp-value',
  },
  'fips-local-security-policy': {
    verdict: 'blocked',
    exit: 1,
    causes: ['fips-algorithm-policy/local-security-policy'],
    plan: 'local-security-policy',
  },
  'fips-domain-gpo': {
    verdict: 'blocked',
    exit: 2,
    causes: ['fips-algorithm-policy/domain-group-policy/Fabrikam Member Server Security'],
    plan: 'refused',
  },
  'rdp-policy-local-gpo': {
    verdict: 'blocked',
    exit: 1,
    causes: ['rdp-encryption-policy/local-group-policy/Local Group Policy'],
    plan: 'local-gpo',
  },
  'rdp-policy-domain-gpo': {
    verdict: 'blocked',
    exit: 2,
    causes: ['rdp-encryption-policy/domain-group-policy/Contoso RDS Baseline'],
    plan: 'refused',
  },
  'legacy-fips-dword': {
    verdict: 'blocked',
    exit: 1,
    causes: ['fips-algorithm-policy-legacy/registry'],
    plan: 'registry',
  },
  'both-methods': {
    verdict: 'blocked',
    exit: 1,
    causes: ['fips-algorithm-policy/local-security-policy', 'rdp-tcp-encryption-level/rdp-tcp-connection'],
    plan: 'local-security-policy,rdp-tcp-value',
  },
  'domain-gpo-overrides-local': {
    verdict: 'not-blocked',
    exit: 0,
    causes: [],
    plan: 'nothing-to-do',
    notes: ['overridden', 'overridden'],
  },
  'fips-registry-vs-domain-gpo': {
    verdict: 'blocked',
    exit: 1,
    causes: ['fips-algorithm-policy/registry'],
    plan: 'registry',
    notes: ['gpo-disagrees', 'compliance'],
  },
  'fips-registry-direct': {
    verdict: 'blocked',
    exit: 1,
    causes: ['fips-algorithm-policy/registry'],
    plan: 'registry',
  },
  'fips-tattoo': {
    verdict: 'blocked',
    exit: 1,
    causes: ['fips-algorithm-policy/local-security-policy'],
    plan: 'local-security-policy',
  },
  'listener-3390-fips': {
    verdict: 'blocked',
    exit: 1,
    causes: ['listener-encryption-level:RDP-Tcp-3390/rdp-tcp-connection'],
    plan: 'rdp-tcp-value',
  },
  'listener-tls-fips': {
    verdict: 'blocked',
    exit: 1,
    causes: ['listener-encryption-level:RDP-Tcp-3390/rdp-tcp-connection'],
    plan: 'rdp-tcp-value',
    notes: ['evidence'],
  },
  'rds-collection-host': {
    verdict: 'blocked',
    exit: 2,
    causes: ['fips-algorithm-policy/local-security-policy', 'rdp-tcp-encryption-level/rdp-tcp-connection'],
    plan: 'refused',
    notes: ['compliance', 'evidence'],
  },
  'fips-unelevated-gpresult': {
    verdict: 'blocked',
    exit: 2,
    causes: ['fips-algorithm-policy/unknown'],
    plan: 'refused',
  },
  'fips-plain-export-unelevated': {
    verdict: 'blocked',
    exit: 2,
    causes: ['fips-algorithm-policy/unknown'],
    plan: 'refused',
  },
  'fips-drift-domain-gpo': {
    verdict: 'blocked',
    exit: 2,
    causes: ['fips-algorithm-policy/domain-group-policy/Fabrikam FIPS Baseline'],
    plan: 'refused',
    drift: true,
  },
  'fips-drift-local-security-policy': {
    verdict: 'blocked',
    exit: 1,
    causes: ['fips-algorithm-policy/local-security-policy'],
    plan: 'local-security-policy',
    drift: true,
  },
  'rdp-policy-drift-local-gpo': {
    verdict: 'blocked',
    exit: 1,
    causes: ['rdp-encryption-policy/local-group-policy/Local Group Policy'],
    plan: 'local-gpo',
    drift: true,
    refresh: 'administrative-template-every-refresh',
  },
  'rdp-policy-drift-domain-gpo': {
    verdict: 'blocked',
    exit: 2,
    causes: ['rdp-encryption-policy/domain-group-policy/Contoso RDS Hardening'],
    plan: 'refused',
    drift: true,
    refresh: 'administrative-template',
  },
  // Issue 11: every route a GPO can take.
  'fips-domain-registry-item': {
    verdict: 'blocked',
    exit: 2,
    causes: ['fips-algorithm-policy/domain-group-policy/Fabrikam Crypto Baseline'],
    plan: 'refused',
  },
  'rdp-policy-domain-preference': {
    verdict: 'blocked',
    exit: 2,
    causes: ['rdp-encryption-policy/domain-group-policy/Contoso RDS Preferences'],
    plan: 'refused',
  },
  'rdp-policy-unmapped-template': {
    verdict: 'blocked',
    exit: 2,
    causes: ['rdp-encryption-policy/unknown'],
    plan: 'refused',
  },
  'rdp-policy-unmapped-template-rsop': {
    verdict: 'blocked',
    exit: 2,
    causes: ['rdp-encryption-policy/domain-group-policy/Contoso RDS Custom'],
    plan: 'refused',
  },
  'rdp-policy-unnamed-level': {
    verdict: 'blocked',
    exit: 2,
    causes: ['rdp-encryption-policy/unknown', 'rdp-tcp-encryption-level/rdp-tcp-connection'],
    plan: 'refused',
  },
  'rdp-policy-local-gpo-soft': {
    verdict: 'blocked',
    exit: 1,
    causes: ['rdp-encryption-policy/local-group-policy/Local Group Policy'],
    plan: 'local-gpo',
  },
};

describe('built-in simulated machines', () => {
  it('the table covers every built-in machine, and the default is one of them', () => {
    assert.deepEqual(Object.keys(BUILT_IN_SCENARIOS).sort(), Object.keys(EXPECTED).sort());
    assert.ok(DEFAULT_SCENARIO in BUILT_IN_SCENARIOS);
  });
  it("uses a well-known GPO's GUID only for that GPO: an exported .ps1 would otherwise edit it in a real domain", () => {
    // The two GPOs every domain has, with the GUIDs Windows gives them (MS-GPOL).
    const WELL_KNOWN: Record<string, string> = {
      '{31B2F340-016D-11D2-945F-00C04FB984F9}': 'Default Domain Policy',
      '{6AC1786C-016F-11D2-945F-00C04FB984F9}': 'Default Domain Controllers Policy',
    };
    for (const name of Object.keys(BUILT_IN_SCENARIOS))
      for (const g of loadSimulatedMachine(name).machine.domainGpos) {
        const owner = WELL_KNOWN[g.id.toUpperCase()];
        if (owner !== undefined) assert.equal(g.name, owner, `${name}: ${g.name} carries ${owner}'s GUID`);
      }
  });
  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name}: ${want.verdict}, exit ${want.exit}, plan ${want.plan}`, () => {
      const { machine } = loadSimulatedMachine(name);
      const d = diagnose(evidenceFromSimulatedMachine(machine));
      assert.equal(d.verdict, want.verdict);
      assert.equal(exitCodeForDiagnosis(d), want.exit);
      assert.deepEqual(
        d.causes.map((c) => [c.id, c.source, ...(c.gpo ? [c.gpo.name] : [])].join('/')),
        want.causes,
      );
      const p = planRemediation(d);
      assert.equal(p.kind === 'changes' ? p.changes.map((c) => c.via).join(',') : p.kind, want.plan);
      if (want.notes)
        assert.deepEqual(
          d.notes.map((n) => n.kind),
          want.notes,
        );
      assert.deepEqual(
        d.causes.map((c) => c.drift !== undefined && !c.forcesFipsNow),
        d.causes.map(() => want.drift === true),
      );
      if (want.refresh) assert.equal(d.causes[0]?.refresh?.rule, want.refresh);
    });
  }
});
