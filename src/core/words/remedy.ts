// What to do about each cause, why it blocks, and what to collect when the evidence falls short:
// the remedy texts of a diagnosis, in the administrator's words (KB 811770's two methods).
import type { Cause, EvidenceGap } from '../diagnosis-schema';
import type { EvidenceKind, GpoRef, GroupPolicySetting } from '../evidence';
import type { SettleWith } from '../rules/source-decision';
import { isFipsValue } from '../rules/value-in-force';
import {
  WATCHED_VALUES,
  WINSTATIONS_KEY,
  fullValuePathOf,
  isListenerLevelId,
  listenerOf,
  registryPathOf,
  type ManagedValueId,
  type WatchedValueId,
} from '../settings';
import { GPMC_PATH } from '../windows-texts';

const GPRESULT_ELEVATED =
  'gpresult /scope computer /x gpresult.xml, run in an elevated prompt (unelevated it has no computer part)';
const SECEDIT_EXPORT = 'secedit /export /cfg secedit-export.inf /areas SECURITYPOLICY';
const REGISTRY_POL = 'a copy of %windir%\\System32\\GroupPolicy\\Machine\\Registry.pol (the local GPO)';

/** The command or file that settles an unknown source. */
export const SETTLE_WITH_WORDS: Readonly<Record<SettleWith, string>> = {
  'elevated-gpresult': GPRESULT_ELEVATED,
  'secedit-export': SECEDIT_EXPORT,
  'registry-pol': REGISTRY_POL,
  'english-gpresult':
    'an English gpresult (gpresult /scope computer /x on an English-language server), or the GPO settings report (Get-GPOReport -ReportType Xml) of each domain GPO, checked for "Set client connection encryption level"',
};

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
        summary:
          'Disable the security option through local security policy, so the security database agrees and a policy refresh keeps it off (KB method 2). FipsFix can do this here.',
        steps: [
          `secpol.msc › ${GPMC_PATH.fipsLocal} → Disabled; FipsFix applies the same change as a security template (secedit /configure).`,
          'Changing only the registry would leave the security database saying Enabled, and it would be applied again.',
        ],
        gpmcPath: GPMC_PATH.fipsLocal,
      };
    case 'local-group-policy':
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
        summary: `Set by domain GPO "${gpo.name}": it cannot be fixed on this server — a local change is undone at the next policy refresh.`,
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
      return 'The FIPS security option forces the RDP encryption level to FIPS Compliant on every connection, overriding the RDP settings; Windows 10 Remote Assistance clients are then refused (TermDD event 50, DATA ENCRYPTION).';
    case 'rdp-encryption-policy':
      return forcesNow
        ? 'The Group Policy encryption level overrides the RDP-Tcp connection setting and is FIPS Compliant, so Windows 10 Remote Assistance clients are refused.'
        : 'The Group Policy encryption level is FIPS Compliant: once the FIPS security option is off, this value would still force FIPS.';
    case 'rdp-tcp-encryption-level':
      return forcesNow
        ? 'No policy overrides the RDP-Tcp connection setting, and it is FIPS Compliant, so Windows 10 Remote Assistance clients are refused.'
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

/** A source of evidence that could not be read here, and why. */
export function unavailableGap(what: EvidenceKind, reason: string): EvidenceGap {
  return { what: UNAVAILABLE_WORDS[what].what, why: reason, settleWith: UNAVAILABLE_WORDS[what].settleWith };
}
