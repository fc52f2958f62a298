// Who turned the FIPS security option on (docs/model.md, "How the FIPS option's source is decided").
import type { Evidence } from '../evidence';
import { domainRouteSetting } from './domain-gpo';
import { unusableSettingFor } from './policy-routes';
import type { SourceDecision, SourceFact, SourceFinding } from './source-decision';
import {
  seceditReadings,
  winningSetting,
  type FipsValueId,
  type SecurityExportReading,
} from './value-in-force';

const definesOn = (r: SecurityExportReading | undefined): boolean =>
  r?.reading.state === 'defined' && r.reading.data === 1;

export function decideFipsSource(ev: Evidence, id: FipsValueId): SourceDecision {
  const basis: SourceFact[] = [];
  const findings: SourceFinding[] = [];
  const gp = ev.groupPolicy;
  const { local, merged } = seceditReadings(ev, id);
  const exportFacts: SourceFact[] = [local, merged]
    .filter((r): r is SecurityExportReading => r !== undefined)
    .map((r) => ({ kind: 'security-database', value: id, reading: r.reading, exportedWith: r.exportedWith }));

  if (gp?.computerResults === 'present') {
    // A domain GPO that sets it by any route (security option, registry item, preference) is the source.
    const route = domainRouteSetting(gp.settings, id);
    if (route) {
      basis.push({ kind: 'winning-gpo', setting: route });
      return { source: 'domain-group-policy', gpo: route.gpo, via: route.kind, basis, findings };
    }
    const unusable = unusableSettingFor(gp, id);
    if (unusable) {
      basis.push({ kind: 'unusable-setting', row: unusable });
      return { source: 'unknown', basis, findings, settleWith: ['gpo-settings-report'] };
    }
    const w = winningSetting(gp.settings, id);
    if (w) {
      basis.push({ kind: 'winning-gpo', setting: w });
      if (w.data === 1 && w.gpo.isLocal) {
        basis.push(...exportFacts);
        // The local GPO's security option is local security policy; a registry value in its
        // Registry.pol is the local GPO itself, which FipsFix does not edit for this value.
        if (w.kind !== 'security-option')
          return { source: 'local-group-policy', gpo: w.gpo, via: w.kind, basis, findings };
        return { source: 'local-security-policy', basis, findings };
      }
      findings.push({ kind: 'gpo-disagrees', setting: w });
    } else {
      basis.push({ kind: 'no-gpo-sets', value: id, origin: gp.origin });
    }
    if (exportFacts.length > 0) {
      basis.push(...exportFacts);
      // gpresult has ruled every GPO out; a security option no GPO defines but the database still
      // holds is a tattoo, undone through local security policy like one set there.
      if (definesOn(local) || definesOn(merged))
        return { source: 'local-security-policy', ...(w ? {} : { tattoo: true as const }), basis, findings };
      if (gp.preferencesNotRead) {
        basis.push({ kind: 'preferences-not-read', origin: gp.origin });
        return { source: 'unknown', basis, findings, settleWith: ['elevated-gpresult'] };
      }
      return { source: 'registry', basis, findings };
    }
    return { source: 'unknown', basis, findings, settleWith: ['secedit-export'] };
  }

  // No computer part (gpresult unelevated, or none): only a merged export can rule a domain GPO out.
  if (gp) basis.push({ kind: 'no-computer-part', origin: gp.origin });
  basis.push(...exportFacts);
  if (merged) {
    // secedit /mergedpolicy "merges and exports domain and local policy security settings": one that
    // does not turn the option on rules out every GPO and local policy for it.
    if (!definesOn(merged)) return { source: 'registry', basis, findings };
    return { source: 'unknown', basis, findings, settleWith: ['elevated-gpresult', 'rsop-json'] };
  }
  // A plain export is the local database: it never rules a domain GPO out, and one that defines the
  // option cannot tell local from domain (docs/model.md, "Which secedit export").
  return {
    source: 'unknown',
    basis,
    findings,
    settleWith: definesOn(local)
      ? ['elevated-gpresult', 'rsop-json']
      : ['elevated-gpresult', 'merged-secedit-export', 'rsop-json'],
  };
}
