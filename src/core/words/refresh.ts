// When a policy refresh puts a value back, in words: one sentence per refresh rule, and for a
// drifted value, when it comes back. The rules are in ../rules/refresh.ts.
import type { RefreshRule } from '../diagnosis-schema';
import type { Evidence } from '../evidence';

const PROCESSING_OPTION =
  '"Configure registry policy processing: Process even if the Group Policy objects have not changed" (NoGPOListChanges=0 under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\Group Policy\\{35378EAC-683F-11D2-A89A-00C04FBBCFA2})';

function processingRead(ev: Evidence): string {
  const r = ev.registryPolicyProcessing?.noGpoListChanges;
  if (!r) return `; whether ${PROCESSING_OPTION} is on was not read`;
  return r.state === 'dword' && r.data === 0 ? '' : `; ${PROCESSING_OPTION} is not on here`;
}

/** Which refresh rule applies to a cause, in one sentence. */
export function refreshWords(rule: RefreshRule, ev: Evidence): string {
  switch (rule) {
    case 'security-settings':
      return 'A security setting: reapplied at every refresh after a GPO changed, on gpupdate /force, and every 16 hours even when no GPO changed (per KB 277543).';
    case 'administrative-template':
      return `An Administrative Template (registry) policy value: reapplied in the background only when a GPO changed, or on gpupdate /force${processingRead(ev)}.`;
    case 'administrative-template-every-refresh':
      return `An Administrative Template (registry) policy value, and ${PROCESSING_OPTION} is on: reapplied at every background refresh (every 90 minutes with a random offset of up to 30, 5 on domain controllers), and on gpupdate /force.`;
    case 'preferences':
      return 'A Group Policy Preferences item: applied by its own client-side extension, with its own processing options (not read by FipsFix).';
    case 'none':
      return 'No policy defines this value: no refresh puts it back.';
    case 'unknown':
      return 'Who set this value is not known, so neither is whether a refresh puts it back: a GPO registry item would under the template rule, a Preferences item by its own options.';
  }
}

/** When a drifted value comes back, by the rule of the policy that defines it. */
export function comesBackWords(rule: RefreshRule): string {
  switch (rule) {
    case 'security-settings':
      return 'at the next security refresh: within 16 hours even if no GPO changes (per KB 277543), sooner after a GPO change or gpupdate /force';
    case 'administrative-template':
      return 'at the next refresh after a GPO that applies changes, or on gpupdate /force';
    case 'administrative-template-every-refresh':
      return 'at the next background refresh (within about 2 hours; 5 minutes on a domain controller), or on gpupdate /force';
    case 'preferences':
      return "when the Preferences extension next applies the item (by that item's own options)";
    case 'none':
      return 'never: no policy defines it';
    case 'unknown':
      return 'by a rule not known until who set it is known';
  }
}
