// Which Group Policy refresh rule puts a cause's value back (docs/model.md, "Refresh"). Security
// settings are reapplied every 16 hours even when no GPO changed (KB 277543); an Administrative
// Template value only when a GPO changed, on gpupdate /force, or with "Process even if the Group
// Policy objects have not changed" (NoGPOListChanges=0, TechNet cc959482).
import type { RefreshRule } from '../diagnosis-schema';
import type { Evidence } from '../evidence';
import { listenerOf, type ManagedValueId } from '../settings';
import type { SourceDecision } from './source-decision';
import { isFipsValue } from './value-in-force';

/** The template rule on this server: every background refresh only when the processing option says so. */
export function templateRefreshRule(
  ev: Evidence,
): Extract<RefreshRule, 'administrative-template' | 'administrative-template-every-refresh'> {
  const r = ev.registryPolicyProcessing?.noGpoListChanges;
  return r?.state === 'dword' && r.data === 0
    ? 'administrative-template-every-refresh'
    : 'administrative-template';
}

export function refreshRuleOf(ev: Evidence, id: ManagedValueId, d: SourceDecision): RefreshRule {
  // Each route is reapplied by its own client-side extension: a Preferences item by the Preferences
  // extension; a registry item (Set-GPRegistryValue, Registry.pol) by the registry extension, under the
  // template rule even when it writes the FIPS value; only a security option is a security setting.
  if (d.via === 'preference') return 'preferences';
  if (d.via === 'registry-setting' || d.via === 'administrative-template') return templateRefreshRule(ev);
  // A listener's own value (RDP-Tcp's or another's): no policy of its own puts it back, but without
  // gpresult's computer part a GPO item writing it is not ruled out.
  if (listenerOf(id) !== undefined) return d.source === 'unknown' ? 'unknown' : 'none';
  // A value written directly: no policy puts it back, unless a GPO says otherwise (and a refresh
  // then applies the GPO's value).
  const gpoSaysOtherwise = d.findings.some((f) => f.kind === 'gpo-disagrees');
  if (d.source === 'registry' && !gpoSaysOtherwise) return 'none';
  return isFipsValue(id) ? 'security-settings' : templateRefreshRule(ev);
}
