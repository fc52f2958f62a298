// What to do about each cause, why it blocks, and what to collect when the evidence falls short:
// the remedy texts of a diagnosis, in the administrator's words (KB 811770's two methods).
import type { Cause, EvidenceGap } from '../diagnosis-schema';
import type { EvidenceKind, GpoRef, GroupPolicySetting, UnnamedRdpPolicyLevel } from '../evidence';
import type { SettleWith } from '../rules/source-decision';
import { isFipsValue } from '../rules/value-in-force';
import {
  WATCHED_VALUES,
  WINSTATIONS_KEY,
  fullValuePathOf,
  isListenerLevelId,
  listenerOf,
  managedValue,
  registryPathOf,
  type ManagedValueId,
  type WatchedValueId,
} from '../settings';
import { GPMC_PATH } from '../windows-texts';

const GPRESULT_ELEVATED =
  'gpresult /scope computer /x gpresult.xml, run in an elevated prompt (unelevated it has no computer part)';
const SECEDIT_EXPORT = 'secedit /export /cfg secedit-export.inf /areas SECURITYPOLICY';
const SECEDIT_MERGED =
  'secedit /export /mergedpolicy /cfg secedit-merged.inf /areas SECURITYPOLICY, elevated, with its command recorded (fipsfix collect does both; a plain export is only the local database)';
const REGISTRY_POL = 'a copy of %windir%\\System32\\GroupPolicy\\Machine\\Registry.pol (the local GPO)';

/** The command or file that settles an unknown source. */
export const SETTLE_WITH_WORDS: Readonly<Record<SettleWith, string>> = {
  'elevated-gpresult': GPRESULT_ELEVATED,
  'secedit-export': SECEDIT_EXPORT,
  'merged-secedit-export': SECEDIT_MERGED,
  'registry-pol': REGISTRY_POL,
  'english-gpresult':
    'an English gpresult (gpresult /scope computer /x on an English-language server), or the GPO settings report (Get-GPOReport -ReportType Xml) of each domain GPO, checked for "Set client connection encryption level"',
  'rsop-json':
    'rsop.json: the RSoP rows of root\\rsop\\computer, which name keys instead of display names (fipsfix collect, elevated, writes it; see docs/rsop-evidence.md)',
  'gpo-settings-report':
    "each GPO's settings report (Get-GPOReport -Guid <GUID> -ReportType Xml), checked for what it writes to this value",
  'rdp-policy-registry-value':
    'reg export "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services" policies.reg /y: the value the policy wrote',
};

const PREFERENCES_PATH = GPMC_PATH.preferences;

function gpoWords(gpo: GpoRef): string {
  return `"${gpo.name}" ${gpo.id}${gpo.linkedAt ? `, linked at ${gpo.linkedAt}` : ''}`;
}

/** What the source decision says to do: FipsFix's own change, or what to ask a domain administrator. */
export function remedyFor(
  id: ManagedValueId,
  f: {
    readonly source: Cause['source'];
    readonly gpo?: GpoRef;
    readonly via?: GroupPolicySetting['kind'];
    readonly tattoo?: true;
    readonly settleWith?: readonly SettleWith[];
  },
): Cause['remedy'] {
  const isFips = isFipsValue(id);
  const path = fullValuePathOf(id);
  switch (f.source) {
    case 'rdp-tcp-connection':
      return {
        summary: `Lower the ${listenerOf(id) ?? 'RDP-Tcp'} connection's own encryption level to High (3) (KB method 1). FipsFix can do this here.`,
        steps: [
          `Set ${path} to 3 (High) — \`fipsfix plan\` shows the change, \`fipsfix apply\` makes it with one UAC prompt.`,
        ],
      };
    case 'registry':
      return isFips
        ? {
            summary:
              'Turn the FIPS security option off in the registry, where it was written directly (KB method 2). FipsFix can do this here.',
            steps: [
              `Set ${path} to 0.`,
              'No policy defines it, so a policy refresh will not turn it back on.',
            ],
          }
        : {
            summary:
              'Set the RDP encryption policy value to High (3) in the registry, where it was written directly (KB method 1). FipsFix can do this here.',
            steps: [`Set ${path} to 3 (High).`],
          };
    case 'local-security-policy':
      return {
        summary: f.tattoo
          ? 'Left behind by a GPO that no longer applies (a tattoo): no GPO defines the option, but the local security database still holds it. Disable it through local security policy, so the database agrees (KB method 2). FipsFix can do this here.'
          : 'Disable the security option through local security policy, so the security database agrees and a policy refresh keeps it off (KB method 2). FipsFix can do this here.',
        steps: [
          `secpol.msc › ${GPMC_PATH.fipsLocal} → Disabled; FipsFix applies the same change as a security template (secedit /configure).`,
          'Changing only the registry would leave the security database saying Enabled, and it would be applied again.',
        ],
        gpmcPath: GPMC_PATH.fipsLocal,
      };
    case 'local-group-policy':
      if (isFips)
        return {
          summary:
            "Set by a registry value in the local GPO's Registry.pol, not by local security policy: FipsFix does not edit that record.",
          steps: [
            `Remove the ${path} record from %windir%\\System32\\GroupPolicy\\Machine\\Registry.pol (LGPO.exe, or the tool that wrote it), run gpupdate /target:computer /force, then fipsfix diagnose again.`,
          ],
        };
      return {
        summary:
          'Change the local GPO\'s "Set client connection encryption level" to Enabled, High Level, then refresh policy (KB method 1). FipsFix can do this here.',
        steps: [
          `gpedit.msc › ${GPMC_PATH.rdpLocal} → Enabled, Encryption Level: High Level; FipsFix edits the local GPO's Registry.pol the same way.`,
          'Then gpupdate /target:computer /force. Changing only the registry would be undone by the next refresh.',
        ],
        gpmcPath: GPMC_PATH.rdpLocal,
      };
    case 'domain-group-policy': {
      const gpo = f.gpo ?? { id: '?', name: 'unknown GPO', isLocal: false };
      const summary = `Set by domain GPO "${gpo.name}": it cannot be fixed on this server — a local change is undone at the next policy refresh.`;
      const w = managedValue(id);
      if (f.via === 'preference')
        return {
          summary,
          steps: [
            `Ask a domain administrator to change or remove the Group Policy Preferences registry item in GPO ${gpoWords(gpo)} that writes ${path} (${PREFERENCES_PATH}).`,
            'Preferences are reapplied by their own client-side extension (Group Policy Registry) at each refresh, so a change made here would not last. An item set to "Apply once and do not reapply" is the exception (unverified here).',
            'Then run gpupdate /target:computer /force on this server and check again.',
          ],
          gpmcPath: PREFERENCES_PATH,
        };
      if (f.via === 'registry-setting' && id !== 'rdp-encryption-policy')
        return {
          summary,
          steps: [
            `Ask a domain administrator to remove the registry value ${path} from GPO ${gpoWords(gpo)} (it shows as "Extra Registry Settings"), e.g. Remove-GPRegistryValue -Guid ${gpo.id.replace(/[{}]/g, '')} -Key "HKLM\\${w.key}" -ValueName ${w.name}, or set it to ${isFips ? '0' : '3'} with Set-GPRegistryValue.`,
            'A registry value outside SOFTWARE\\Policies stays on the server after the GPO stops writing it; set it back here afterwards (fipsfix plan will then allow it).',
            'Then run gpupdate /target:computer /force on this server and check again.',
          ],
        };
      const steps = isFips
        ? [
            `Ask a domain administrator to edit GPO ${gpoWords(gpo)}: ${GPMC_PATH.fipsDomain} → Disabled.`,
            'Set it to Disabled rather than Not Defined: a security option left Not Defined stays on servers that already applied it (tattooing).',
            'Then run gpupdate /target:computer /force on this server and check again.',
          ]
        : f.via === 'registry-setting'
          ? [
              `Ask a domain administrator to change the registry value MinEncryptionLevel=4 in GPO ${gpoWords(gpo)}; it is not an Administrative Template setting (the template cannot set 4), e.g. Set-GPRegistryValue -Guid ${gpo.id.replace(/[{}]/g, '')} -Key "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services" -ValueName MinEncryptionLevel -Type DWord -Value 3.`,
              'Then run gpupdate /target:computer /force on this server and check again.',
            ]
          : [
              `Ask a domain administrator to edit GPO ${gpoWords(gpo)}: ${GPMC_PATH.rdpDomain} → Enabled, Encryption Level: High Level.`,
              'Then run gpupdate /target:computer /force on this server and check again.',
            ];
      return {
        summary,
        steps,
        gpmcPath: isFips ? GPMC_PATH.fipsDomain : GPMC_PATH.rdpDomain,
      };
    }
    case 'unknown': {
      const settleWith = (f.settleWith ?? []).map((s) => SETTLE_WITH_WORDS[s]);
      return {
        summary:
          'Who set this is not known from the evidence, so a domain GPO cannot be ruled out and FipsFix will not change it yet.',
        steps: settleWith.map((s) => `Collect: ${s}`),
        settleWith,
      };
    }
  }
}

const REFUSED_PER_KB = 'so, per KB 811770, Windows 10 Remote Assistance clients are refused';

/** Why a drifted value is a cause although the registry holds another value now. */
export function whyDriftBlocks(id: ManagedValueId, registryNow: number | null): string {
  const now =
    registryNow === null ? 'does not hold the value' : `holds ${managedValue(id).describe(registryNow)}`;
  const what = isFipsValue(id)
    ? 'the FIPS security option is Enabled again, which per KB 811770 forces the FIPS Compliant level and refuses Windows 10 Remote Assistance clients'
    : `the Group Policy encryption level is FIPS Compliant (4) again, ${REFUSED_PER_KB}`;
  return `The registry ${now} now, written by hand since the last refresh, but the policy that defines it says otherwise and puts it back at its next refresh: then ${what}.`;
}

/** The first remedy step of a drifted value: a hand-written value does not last. */
export function driftStep(): string {
  return 'The registry value was changed by hand and does not last: its policy puts it back. Change it where the policy defines it.';
}

export function whyItBlocks(id: ManagedValueId, forcesNow: boolean): string {
  if (isListenerLevelId(id)) {
    const listener = listenerOf(id) ?? id;
    return forcesNow
      ? `No policy overrides the ${listener} listener's own setting, and it is FIPS Compliant, so Windows 10 Remote Assistance and RDP clients connecting to that listener are refused.`
      : `The ${listener} listener is set to FIPS Compliant: once the settings above it stop forcing FIPS, it would still block connections to that listener.`;
  }
  switch (id) {
    case 'fips-algorithm-policy':
    case 'fips-algorithm-policy-legacy':
      return "Per KB 811770, the FIPS security option forces the RDP encryption level to FIPS Compliant on every connection, overriding the RDP settings, and Windows 10 Remote Assistance clients are then refused (TermDD event 50, DATA ENCRYPTION). The option's own page says only that it affects the encryption level used for RDP.";
    case 'rdp-encryption-policy':
      return forcesNow
        ? `The Group Policy encryption level overrides the RDP-Tcp connection setting and is FIPS Compliant, ${REFUSED_PER_KB}.`
        : 'The Group Policy encryption level is FIPS Compliant: once the FIPS security option is off, this value would still force FIPS.';
    case 'rdp-tcp-encryption-level':
      return forcesNow
        ? `No policy overrides the RDP-Tcp connection setting, and it is FIPS Compliant, ${REFUSED_PER_KB}.`
        : 'The RDP-Tcp connection is set to FIPS Compliant: once the settings above it stop forcing FIPS, it would still block.';
  }
}

/** A watched value the evidence does not have. */
export function gapFor(id: WatchedValueId): EvidenceGap {
  const v = WATCHED_VALUES[id];
  return {
    what: `${v.label} (${fullValuePathOf(id)})`,
    why: 'not in the evidence, so it may force FIPS too',
    settleWith: `reg export "${registryPathOf(id)}" ${id}.reg /y`,
    value: id,
  };
}

/** The whole WinStations key was not read, and another listener's level would matter. */
export const OTHER_LISTENERS_GAP: EvidenceGap = {
  what: `Every RDP listener other than RDP-Tcp (HKLM\\${WINSTATIONS_KEY})`,
  why: 'the evidence holds RDP-Tcp alone; another listener (a second port) has its own encryption level and may force FIPS',
  settleWith: `reg export "HKLM\\${WINSTATIONS_KEY}" winstations.reg /y`,
};

/**
 * A listener's cause on an RD Session Host in a collection: the collection's configuration, set on
 * the connection broker, owns the listener's level and security layer (Set-RDSessionCollectionConfiguration).
 */
export function collectionRemedy(
  listener: string,
  c: { readonly broker?: string; readonly collection?: string },
): Cause['remedy'] {
  const brokers = (c.broker ?? '')
    .split(';')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  const broker = brokers[0] ?? '<connection broker>';
  const name = c.collection ?? '<collection name>';
  return {
    summary: `This server is an RD Session Host in a collection: the collection's configuration owns the ${listener} listener's encryption level and security layer, so FipsFix does not change the listener here (a host-local change may be overwritten by the collection; when is not verified).`,
    steps: [
      `On the connection broker, set the collection's level: Set-RDSessionCollectionConfiguration -CollectionName "${name}" -EncryptionLevel High -ConnectionBroker ${broker}`,
      ...(brokers.length > 1
        ? [`The host names more than one broker (${brokers.join(', ')}); any of them manages the deployment.`]
        : []),
      `The name "${name}" is the farm name this host reports (SessionDirectoryClusterName); that it is the collection's name is not verified: Get-RDSessionCollection -ConnectionBroker ${broker} lists them, and Get-RDSessionCollectionConfiguration -CollectionName "${name}" -Security shows the level and layer.`,
      'Then run fipsfix diagnose again on this host.',
    ],
  };
}

const UNAVAILABLE_WORDS: Readonly<Record<EvidenceKind, { what: string; settleWith: string }>> = {
  registry: { what: 'a registry export', settleWith: 'reg export of the key, from an elevated prompt' },
  'security-policy': { what: 'the local security database', settleWith: SECEDIT_EXPORT },
  'group-policy-result': { what: 'the Group Policy result', settleWith: GPRESULT_ELEVATED },
  'local-gpo': { what: "the local GPO's Registry.pol", settleWith: REGISTRY_POL },
  'termdd-events': {
    what: 'TermDD events',
    settleWith: 'wevtutil qe System /q:"*[System[Provider[@Name=\'TermDD\'] and (EventID=50)]]" /f:xml',
  },
};

/** The RDP policy in force at a level FipsFix cannot name, with its value unread. */
export function unnamedLevelGap(level: UnnamedRdpPolicyLevel): EvidenceGap {
  return {
    what: `the level GPO "${level.gpo.name}" ${level.gpo.id} sets with "Set client connection encryption level" ("${level.shown}")`,
    why: 'the policy is enabled and overrides the RDP-Tcp connection, but FipsFix cannot name that level, so the level in force is unknown',
    settleWith: `${SETTLE_WITH_WORDS['rdp-policy-registry-value']}; or ${SETTLE_WITH_WORDS['rsop-json']}`,
  };
}

/** A source of evidence that could not be read here, and why. */
export function unavailableGap(what: EvidenceKind, reason: string): EvidenceGap {
  return { what: UNAVAILABLE_WORDS[what].what, why: reason, settleWith: UNAVAILABLE_WORDS[what].settleWith };
}
