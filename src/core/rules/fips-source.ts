// Who turned the FIPS security option on (docs/model.md, "How the FIPS option's source is decided").
import type { Evidence } from '../evidence';
import { setByDomainGpo } from './domain-gpo';
import type { SourceDecision, SourceFact, SourceFinding } from './source-decision';
import { securityOptionFor, winningSetting, type FipsValueId } from './value-in-force';

export function decideFipsSource(ev: Evidence, id: FipsValueId): SourceDecision {
  const basis: SourceFact[] = [];
  const findings: SourceFinding[] = [];
  const gp = ev.groupPolicy;
  const sec = securityOptionFor(ev, id);
  const database: SourceFact | undefined = sec && { kind: 'security-database', value: id, reading: sec };
  const setByLocalPolicy = sec?.state === 'defined' && sec.data === 1;

  if (gp?.computerResults === 'present') {
    const w = winningSetting(gp.settings, id);
    if (w) {
      basis.push({ kind: 'winning-gpo', setting: w });
      if (setByDomainGpo(w))
        return { source: 'domain-group-policy', gpo: w.gpo, via: w.kind, basis, findings };
      if (w.data === 1 && w.gpo.isLocal) {
        if (database) basis.push(database);
        return { source: 'local-security-policy', basis, findings };
      }
      findings.push({ kind: 'gpo-disagrees', setting: w });
    } else {
      basis.push({ kind: 'no-gpo-sets', value: id, origin: gp.origin });
    }
    if (database) {
      basis.push(database);
      // A security option no GPO defines any more but the database still holds is a tattoo: it is
      // undone through local security policy, like one set there.
      return { source: setByLocalPolicy ? 'local-security-policy' : 'registry', basis, findings };
    }
    return { source: 'unknown', basis, findings, settleWith: ['secedit-export'] };
  }

  if (gp) basis.push({ kind: 'no-computer-part', origin: gp.origin });
  if (database) {
    basis.push(database);
    // Settings applied by any GPO are stored in the local security database too, so a database that
    // does not define the option rules a GPO out; one that does cannot tell local from domain.
    if (!setByLocalPolicy) return { source: 'registry', basis, findings };
    return { source: 'unknown', basis, findings, settleWith: ['elevated-gpresult'] };
  }
  return { source: 'unknown', basis, findings, settleWith: ['elevated-gpresult', 'secedit-export'] };
}
