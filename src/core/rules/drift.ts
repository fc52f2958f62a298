// Drift: a watched value the registry holds off while the policy that defines it says on. The policy
// puts it back at its next refresh, so the value is a cause, by that policy's source (docs/model.md,
// "Drift: a value the policy will put back").
import type { Evidence } from '../evidence';
import { LOCAL_GPO, setByDomainGpo } from './domain-gpo';
import type { SourceDecision, SourceFact } from './source-decision';
import {
  FIPS_LEVEL,
  forcesFips,
  seceditReadings,
  winningSetting,
  type FipsValueId,
  type SecurityExportReading,
} from './value-in-force';

export interface Drift {
  readonly decision: SourceDecision;
  /** The registry value now; null when absent. */
  readonly registryNow: number | null;
  /** What the defining policy puts back. */
  readonly policyValue: number;
}

const definesOn = (r: SecurityExportReading | undefined): boolean =>
  r?.reading.state === 'defined' && r.reading.data === 1;

/** The FIPS option off in the registry while the winning GPO, or the local security database, says Enabled. */
export function fipsDrift(ev: Evidence, id: FipsValueId): Drift | undefined {
  const reg = ev.registry[id];
  if (!reg) return undefined;
  const registryNow = reg.state === 'dword' ? reg.data : null;
  if (forcesFips(id, registryNow)) return undefined;
  const { local, merged } = seceditReadings(ev, id);
  const exportFacts: SourceFact[] = [local, merged]
    .filter((r): r is SecurityExportReading => r !== undefined && definesOn(r))
    .map((r) => ({ kind: 'security-database', value: id, reading: r.reading, exportedWith: r.exportedWith }));
  const drift = (decision: SourceDecision): Drift => ({ decision, registryNow, policyValue: 1 });
  const gp = ev.groupPolicy;

  if (gp?.computerResults === 'present') {
    const w = winningSetting(gp.settings, id);
    if (w) {
      // A winning GPO that says Disabled is what a refresh applies: no drift.
      if (!forcesFips(id, w.data)) return undefined;
      const basis: SourceFact[] = [{ kind: 'winning-gpo', setting: w }];
      if (setByDomainGpo(w))
        return drift({ source: 'domain-group-policy', gpo: w.gpo, via: w.kind, basis, findings: [] });
      return drift({ source: 'local-security-policy', basis: [...basis, ...exportFacts], findings: [] });
    }
    if (exportFacts.length === 0) return undefined;
    return drift({
      source: 'local-security-policy',
      basis: [{ kind: 'no-gpo-sets', value: id, origin: gp.origin }, ...exportFacts],
      findings: [],
    });
  }
  if (exportFacts.length === 0) return undefined;
  // The database says Enabled, but without an elevated gpresult local and domain cannot be told apart.
  return drift({
    source: 'unknown',
    basis: [...(gp ? [{ kind: 'no-computer-part', origin: gp.origin } as const] : []), ...exportFacts],
    findings: [],
    settleWith: ['elevated-gpresult', 'rsop-json'],
  });
}

/** The RDP policy value not 4 under the policy key while the winning GPO, or the local GPO, sets 4. */
export function rdpPolicyDrift(ev: Evidence): Drift | undefined {
  const reg = ev.registry['rdp-encryption-policy'];
  if (!reg) return undefined;
  const registryNow = reg.state === 'dword' ? reg.data : null;
  if (registryNow === FIPS_LEVEL) return undefined;
  const pol = ev.localGpo?.rdpEncryptionPolicy;
  // A `**soft.` record is written only where the server has no value: it never overwrites one.
  const localGpoPutsBack =
    pol?.state === 'set' && pol.data === FIPS_LEVEL && (pol.soft !== true || registryNow === null);
  const localGpoFact: SourceFact[] = pol ? [{ kind: 'local-gpo', reading: pol }] : [];
  const drift = (decision: SourceDecision): Drift => ({ decision, registryNow, policyValue: FIPS_LEVEL });
  const gp = ev.groupPolicy;

  if (gp?.computerResults === 'present') {
    const w = winningSetting(gp.settings, 'rdp-encryption-policy');
    if (w) {
      if (!forcesFips(w.setting, w.data)) return undefined;
      const basis: SourceFact[] = [{ kind: 'winning-gpo', setting: w }];
      if (setByDomainGpo(w))
        return drift({ source: 'domain-group-policy', gpo: w.gpo, via: w.kind, basis, findings: [] });
      return drift({
        source: 'local-group-policy',
        gpo: LOCAL_GPO,
        via: w.kind,
        basis: [...basis, ...localGpoFact],
        findings: [],
      });
    }
    if (!localGpoPutsBack) return undefined;
    return drift({
      source: 'local-group-policy',
      gpo: LOCAL_GPO,
      via: 'registry-setting',
      basis: [{ kind: 'no-gpo-sets', value: 'rdp-encryption-policy', origin: gp.origin }, ...localGpoFact],
      findings: [],
    });
  }
  if (!localGpoPutsBack) return undefined;
  return drift({
    source: 'local-group-policy',
    gpo: LOCAL_GPO,
    via: 'registry-setting',
    basis: [...(gp ? [{ kind: 'no-computer-part', origin: gp.origin } as const] : []), ...localGpoFact],
    findings: [{ kind: 'domain-gpo-not-ruled-out' }],
  });
}
