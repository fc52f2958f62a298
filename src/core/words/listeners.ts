// A listener's level, security layer and NLA in force, in words (the diagnosis, the console).
import type { Diagnosis, ListenerDiagnosis } from '../diagnosis-schema';
import type { ListenerSettingInForce, ListenerSettingSource } from '../rules/listeners';
import { securityLayerLabel, userAuthenticationLabel } from '../settings';

const SET_BY_WORDS: Readonly<Record<ListenerSettingSource, string>> = {
  'group-policy': 'set by Group Policy, which overrides the listener',
  listener: "the listener's own setting",
  'not-set': 'not set (Windows default)',
  unknown: 'a Group Policy value, not in the evidence, would override it',
};

function settingLabel(s: ListenerSettingInForce, describe: (n: number) => string): string {
  if (s.setBy === 'unknown')
    return s.unread === 'listener'
      ? "not in the evidence (the listener's key was not read)"
      : s.listenerValue === null
        ? `not set on the listener; ${SET_BY_WORDS.unknown}`
        : `the listener says ${describe(s.listenerValue)}; ${SET_BY_WORDS.unknown}`;
  if (s.value === null) return SET_BY_WORDS['not-set'];
  const ownDiffers = s.setBy === 'group-policy' && s.listenerValue !== null && s.listenerValue !== s.value;
  return `${describe(s.value)}, ${SET_BY_WORDS[s.setBy]}${ownDiffers ? ` (the listener says ${describe(s.listenerValue ?? 0)})` : ''}`;
}

export function securityLayerWords(s: ListenerSettingInForce): string {
  return settingLabel(s, securityLayerLabel);
}

export function userAuthenticationWords(s: ListenerSettingInForce): string {
  return settingLabel(s, userAuthenticationLabel);
}

/** One console line per listener: name, port, level in force, layer, NLA. */
export function listenerLine(l: ListenerDiagnosis): string {
  const port = l.portNumber === null ? '' : ` (port ${l.portNumber})`;
  return `${l.name}${port}: level ${l.effectiveLevel.label}; security layer ${l.securityLayer.label}; NLA ${l.userAuthentication.label}`;
}

/** An RD Session Host in a collection: who owns its listeners' level and security layer. */
export function sessionCollectionLine(sc: NonNullable<Diagnosis['sessionCollection']>): string {
  return `RD Session Host in a collection${sc.collection ? ` ("${sc.collection}")` : ''}${sc.broker ? `, connection broker ${sc.broker}` : ''}: the collection's configuration owns the listeners' level and security layer.`;
}
