// diagnose(evidence): which settings force the FIPS encryption level, who set each one, and
// whether it can be fixed on this server. Pure: evidence in, verdict out. The rules and the
// Microsoft documentation they rest on are in docs/model.md.
import type {
  Evidence,
  EvidenceOrigin,
  GpoRef,
  GroupPolicySetting,
  GroupPolicySettingId,
  SecurityOptionReading,
} from './evidence';
import {
  DIAGNOSIS_FORMAT,
  type Cause,
  type Diagnosis,
  type EvidenceGap,
  type EvidenceItem,
  type FipsPolicySource,
  type Note,
} from './diagnosis-schema';
import {
  RDP_ENCRYPTION_LEVEL_LABEL,
  WATCHED_VALUES,
  fullValuePathOf,
  isRdpEncryptionLevel,
  registryPathOf,
  type WatchedValueId,
} from './settings';
import { GPMC_PATH, STIG_FIPS_RULES } from './windows-texts';

export const LOCAL_GPO: GpoRef = { id: 'LocalGPO', name: 'Local Group Policy', isLocal: true };

const FIPS_LEVEL = 4;

/** A setting's value as far as the evidence tells: a number, absent (null), or not known. */
type Known = {
  readonly known: true;
  readonly data: number | null;
  readonly evidence: readonly EvidenceItem[];
};
type SettingState = Known | { readonly known: false };

interface SourceFinding {
  readonly source: FipsPolicySource;
  readonly gpo?: GpoRef;
  readonly via?: GroupPolicySetting['kind'];
  readonly evidence: EvidenceItem[];
  readonly notes: Note[];
  readonly settleWith?: string[];
}

export function evidenceItem(origin: EvidenceOrigin, read: string): EvidenceItem {
  return { file: origin.file, format: origin.format, location: origin.location, read };
}

function describeValue(id: WatchedValueId, data: number | null): string {
  return data === null ? 'absent' : WATCHED_VALUES[id].describe(data);
}

/** Windows XP / Server 2003 read the legacy FIPS value; Vista and later read FIPSAlgorithmPolicy\Enabled. */
function isPreVista(osVersion: string | undefined): boolean {
  const major = osVersion ? Number.parseInt(osVersion.split('.')[0] ?? '', 10) : Number.NaN;
  return Number.isFinite(major) && major < 6;
}

export function winningSetting(
  settings: readonly GroupPolicySetting[],
  id: GroupPolicySettingId,
): GroupPolicySetting | undefined {
  return settings
    .filter((s) => s.setting === id)
    .reduce<GroupPolicySetting | undefined>(
      (best, s) => (best === undefined || s.precedence < best.precedence ? s : best),
      undefined,
    );
}

function describeGpoSetting(s: GroupPolicySetting): string {
  const what = describeValue(s.setting, s.data);
  const where = s.gpo.isLocal ? 'Local Group Policy' : `GPO "${s.gpo.name}" ${s.gpo.id}`;
  return `${where} sets ${what} (precedence ${s.precedence}${s.precedence === 1 ? ', the winning GPO' : ''})`;
}

function securityOptionFor(ev: Evidence, id: WatchedValueId): SecurityOptionReading | undefined {
  if (!ev.securityPolicy) return undefined;
  if (id === 'fips-algorithm-policy') return ev.securityPolicy.fips;
  if (id === 'fips-algorithm-policy-legacy') return ev.securityPolicy.fipsLegacy;
  return undefined;
}

function describeSecurityOption(id: WatchedValueId, r: SecurityOptionReading): string {
  return r.state === 'defined'
    ? `local security database defines it: ${describeValue(id, r.data)}`
    : 'local security database does not define it';
}

/** The value of a watched setting: the registry when it was read, else what the policies say it is. */
function settingState(ev: Evidence, id: WatchedValueId): SettingState {
  const reg = ev.registry[id];
  if (reg) {
    const data = reg.state === 'dword' ? reg.data : null;
    return { known: true, data, evidence: [evidenceItem(reg.origin, describeValue(id, data))] };
  }
  if (id === 'rdp-tcp-encryption-level') return { known: false };
  const gp = ev.groupPolicy;
  if (gp?.computerResults === 'present') {
    const w = winningSetting(gp.settings, id);
    if (w)
      return {
        known: true,
        data: w.data,
        evidence: [
          evidenceItem(w.origin, `${describeGpoSetting(w)} (registry not read; taken from the winning GPO)`),
        ],
      };
  }
  const sec = securityOptionFor(ev, id);
  if (sec?.state === 'defined') {
    return {
      known: true,
      data: sec.data,
      evidence: [evidenceItem(sec.origin, `${describeSecurityOption(id, sec)} (registry not read)`)],
    };
  }
  if (id === 'rdp-encryption-policy' && ev.localGpo?.rdpEncryptionPolicy.state === 'set') {
    const r = ev.localGpo.rdpEncryptionPolicy;
    return {
      known: true,
      data: r.data,
      evidence: [evidenceItem(r.origin, `local GPO sets ${describeValue(id, r.data)} (registry not read)`)],
    };
  }
  return { known: false };
}

const GPRESULT_ELEVATED =
  'gpresult /scope computer /x gpresult.xml, run in an elevated prompt (unelevated it has no computer part)';
const SECEDIT_EXPORT = 'secedit /export /cfg secedit-export.inf /areas SECURITYPOLICY';
const REGISTRY_POL = 'a copy of %windir%\\System32\\GroupPolicy\\Machine\\Registry.pol (the local GPO)';

function fipsSource(ev: Evidence, id: WatchedValueId): SourceFinding {
  const evidence: EvidenceItem[] = [];
  const notes: Note[] = [];
  const gp = ev.groupPolicy;
  const sec = securityOptionFor(ev, id);
  const secItem = sec ? evidenceItem(sec.origin, describeSecurityOption(id, sec)) : undefined;
  const setByLocalPolicy = sec?.state === 'defined' && sec.data === 1;
  const gpSettingId = id as GroupPolicySettingId;

  if (gp?.computerResults === 'present') {
    const w = winningSetting(gp.settings, gpSettingId);
    if (w) {
      evidence.push(evidenceItem(w.origin, describeGpoSetting(w)));
      if (w.data === 1 && !w.gpo.isLocal)
        return { source: 'domain-group-policy', gpo: w.gpo, via: w.kind, evidence, notes };
      if (w.data === 1 && w.gpo.isLocal) {
        if (secItem) evidence.push(secItem);
        return { source: 'local-security-policy', evidence, notes };
      }
      notes.push({
        kind: 'gpo-disagrees',
        message: `${describeGpoSetting(w)}, but the value is on: it was changed on this server after the last policy application. Security settings are reapplied at least every 16 hours (KB 277543), which will turn it off again; fixing it locally agrees with that GPO.`,
        evidence: [evidenceItem(w.origin, describeGpoSetting(w))],
      });
    } else {
      evidence.push(evidenceItem(gp.origin, 'no GPO, domain or local, defines this security option'));
    }
    if (secItem) {
      evidence.push(secItem);
      // A security option no GPO defines any more but the database still holds is a tattoo: it is
      // undone through local security policy, like one set there.
      return { source: setByLocalPolicy ? 'local-security-policy' : 'registry', evidence, notes };
    }
    return { source: 'unknown', evidence, notes, settleWith: [SECEDIT_EXPORT] };
  }

  if (gp)
    evidence.push(
      evidenceItem(
        gp.origin,
        'no computer part: gpresult was run without elevation, so domain GPOs are not visible',
      ),
    );
  if (secItem && sec) {
    evidence.push(secItem);
    // Settings applied by any GPO are stored in the local security database too, so a database that
    // does not define the option rules a GPO out; one that does cannot tell local from domain.
    if (!setByLocalPolicy) return { source: 'registry', evidence, notes };
    return { source: 'unknown', evidence, notes, settleWith: [GPRESULT_ELEVATED] };
  }
  return { source: 'unknown', evidence, notes, settleWith: [GPRESULT_ELEVATED, SECEDIT_EXPORT] };
}

function rdpPolicySource(ev: Evidence): SourceFinding {
  const evidence: EvidenceItem[] = [];
  const notes: Note[] = [];
  const gp = ev.groupPolicy;
  const pol = ev.localGpo?.rdpEncryptionPolicy;
  const localGpoSetsFips = pol?.state === 'set' && pol.data === FIPS_LEVEL;
  const polItem = pol
    ? evidenceItem(
        pol.origin,
        pol.state === 'set'
          ? `local GPO sets ${describeValue('rdp-encryption-policy', pol.data)}`
          : pol.state === 'deleted'
            ? 'local GPO deletes the value'
            : 'local GPO does not set it',
      )
    : undefined;

  if (gp?.computerResults === 'present') {
    const w = winningSetting(gp.settings, 'rdp-encryption-policy');
    if (w) {
      evidence.push(evidenceItem(w.origin, describeGpoSetting(w)));
      if (w.data === FIPS_LEVEL) {
        if (w.gpo.isLocal && polItem) evidence.push(polItem);
        return {
          source: w.gpo.isLocal ? 'local-group-policy' : 'domain-group-policy',
          gpo: w.gpo,
          via: w.kind,
          evidence,
          notes,
        };
      }
      notes.push({
        kind: 'gpo-disagrees',
        message: `${describeGpoSetting(w)}, but the policy value is 4 (FIPS Compliant): it was written on this server after the last policy refresh. The next refresh (every 90 minutes, or gpupdate /target:computer /force) puts the GPO's value back.`,
        evidence: [evidenceItem(w.origin, describeGpoSetting(w))],
      });
      return { source: 'registry', evidence, notes };
    }
    if (gp.unrecognisedDomainTemplates && !localGpoSetsFips) {
      // In another language the policy is not recognised by name: a domain GPO may set it, and it
      // would put 4 back at the next refresh. Not "written directly" without proof.
      evidence.push(
        evidenceItem(
          gp.origin,
          'the report is not in English and a domain GPO has Administrative Template policies FipsFix cannot name',
        ),
      );
      return {
        source: 'unknown',
        evidence,
        notes,
        settleWith: [
          'an English gpresult (gpresult /scope computer /x on an English-language server), or the GPO settings report (Get-GPOReport -ReportType Xml) of each domain GPO, checked for "Set client connection encryption level"',
        ],
      };
    }
    evidence.push(
      evidenceItem(gp.origin, 'no GPO, domain or local, sets "Set client connection encryption level"'),
    );
    if (localGpoSetsFips && polItem) {
      // Written into Registry.pol after the last refresh (LGPO and similar tools do this): the next
      // refresh applies it again, so the fix belongs in Registry.pol.
      evidence.push(polItem);
      return { source: 'local-group-policy', gpo: LOCAL_GPO, via: 'registry-setting', evidence, notes };
    }
    if (polItem) evidence.push(polItem);
    return { source: 'registry', evidence, notes };
  }

  if (gp)
    evidence.push(
      evidenceItem(
        gp.origin,
        'no computer part: gpresult was run without elevation, so domain GPOs are not visible',
      ),
    );
  if (localGpoSetsFips && polItem) {
    evidence.push(polItem);
    notes.push({
      kind: 'domain-gpo-not-ruled-out',
      message:
        'The local GPO sets this value, which explains it. No elevated gpresult is in the evidence, so a domain GPO setting the same value (which would win) is not ruled out; the Administrative Template cannot set 4, so that would take a custom template or Set-GPRegistryValue.',
      evidence: [],
    });
    return { source: 'local-group-policy', gpo: LOCAL_GPO, via: 'registry-setting', evidence, notes };
  }
  if (polItem) evidence.push(polItem);
  return {
    source: 'unknown',
    evidence,
    notes,
    settleWith: pol ? [GPRESULT_ELEVATED] : [GPRESULT_ELEVATED, REGISTRY_POL],
  };
}

function gpoWords(gpo: GpoRef): string {
  return `"${gpo.name}" ${gpo.id}${gpo.linkedAt ? `, linked at ${gpo.linkedAt}` : ''}`;
}

function remedyFor(id: WatchedValueId, f: SourceFinding): Cause['remedy'] {
  const isFips = id === 'fips-algorithm-policy' || id === 'fips-algorithm-policy-legacy';
  const path = fullValuePathOf(id);
  switch (f.source) {
    case 'rdp-tcp-connection':
      return {
        summary:
          "Lower the RDP-Tcp connection's own encryption level to High (3) (KB method 1). FipsFix can do this here.",
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
    case 'unknown':
      return {
        summary:
          'Who set this is not known from the evidence, so a domain GPO cannot be ruled out and FipsFix will not change it yet.',
        steps: (f.settleWith ?? []).map((s) => `Collect: ${s}`),
        settleWith: f.settleWith ?? [],
      };
  }
}

function whyItBlocks(id: WatchedValueId, forcesNow: boolean): string {
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

function makeCause(id: WatchedValueId, state: Known, forcesNow: boolean, f: SourceFinding): Cause {
  const isFips = id === 'fips-algorithm-policy' || id === 'fips-algorithm-policy-legacy';
  const data = state.data ?? 0;
  const fixableLocally = f.source !== 'domain-group-policy' && f.source !== 'unknown';
  return {
    id,
    setting: isFips ? 'fips-algorithm-policy' : 'rdp-encryption-level',
    source: f.source,
    method: isFips ? 2 : 1,
    fixableLocally,
    ...(f.gpo && (f.source === 'domain-group-policy' || f.source === 'local-group-policy')
      ? { gpo: { name: f.gpo.name, id: f.gpo.id, ...(f.gpo.linkedAt ? { linkedAt: f.gpo.linkedAt } : {}) } }
      : {}),
    registryValue: fullValuePathOf(id),
    value: data,
    valueLabel: WATCHED_VALUES[id].describe(data),
    forcesFipsNow: forcesNow,
    why: whyItBlocks(id, forcesNow),
    evidence: [...state.evidence, ...f.evidence],
    remedy: remedyFor(id, f),
  };
}

function gapFor(id: WatchedValueId): EvidenceGap {
  const v = WATCHED_VALUES[id];
  return {
    what: `${v.label} (${fullValuePathOf(id)})`,
    why: 'not in the evidence, so it may force FIPS too',
    settleWith: `reg export "${registryPathOf(id)}" ${id}.reg /y`,
  };
}

const UNAVAILABLE_WORDS: Readonly<
  Record<Evidence['unavailable'][number]['what'], { what: string; settleWith: string }>
> = {
  registry: { what: 'a registry export', settleWith: 'reg export of the key, from an elevated prompt' },
  'security-policy': { what: 'the local security database', settleWith: SECEDIT_EXPORT },
  'group-policy-result': { what: 'the Group Policy result', settleWith: GPRESULT_ELEVATED },
  'local-gpo': { what: "the local GPO's Registry.pol", settleWith: REGISTRY_POL },
  'termdd-events': {
    what: 'TermDD events',
    settleWith: 'wevtutil qe System /q:"*[System[Provider[@Name=\'TermDD\'] and (EventID=50)]]" /f:xml',
  },
};

function symptomOf(ev: Evidence): Diagnosis['symptom'] {
  if (!ev.termDd) return null;
  const matching = ev.termDd.events.filter((e) => e.component.trim().toUpperCase() === 'DATA ENCRYPTION');
  const times = matching.map((e) => e.time).sort();
  const o = ev.termDd.origin;
  return {
    termDdEvent50: matching.length,
    ...(times.length > 0 ? { first: times[0], last: times[times.length - 1] } : {}),
    evidence: [
      evidenceItem(
        o,
        matching.length > 0
          ? `${matching.length} TermDD event 50 with component DATA ENCRYPTION, ${times[0]} to ${times[times.length - 1]}`
          : `no TermDD event 50 with component DATA ENCRYPTION among ${ev.termDd.events.length} events read`,
      ),
    ],
  };
}

export function diagnose(ev: Evidence): Diagnosis {
  const preVista = isPreVista(ev.machine.osVersion);
  const fipsId: WatchedValueId = preVista ? 'fips-algorithm-policy-legacy' : 'fips-algorithm-policy';
  const fips = settingState(ev, fipsId);
  const legacy = settingState(ev, 'fips-algorithm-policy-legacy');
  const policy = settingState(ev, 'rdp-encryption-policy');
  const tcp = settingState(ev, 'rdp-tcp-encryption-level');

  const fipsOn = fips.known ? fips.data === 1 : undefined;
  const policyLevel = policy.known ? policy.data : undefined; // null: not set by policy
  const tcpLevel = tcp.known ? tcp.data : undefined;

  const causes: Cause[] = [];
  const notes: Note[] = [];

  if (fipsOn && fips.known) {
    const f = fipsSource(ev, fipsId);
    notes.push(...f.notes);
    causes.push(makeCause(fipsId, fips, true, f));
  }
  if (policy.known && policyLevel === FIPS_LEVEL) {
    const f = rdpPolicySource(ev);
    notes.push(...f.notes);
    causes.push(makeCause('rdp-encryption-policy', policy, fipsOn === false, f));
  }
  if (tcp.known && tcpLevel === FIPS_LEVEL) {
    if (policyLevel === null || policyLevel === FIPS_LEVEL || policyLevel === undefined) {
      const f: SourceFinding = { source: 'rdp-tcp-connection', evidence: [], notes: [] };
      causes.push(makeCause('rdp-tcp-encryption-level', tcp, fipsOn === false && policyLevel === null, f));
    } else {
      notes.push({
        kind: 'overridden',
        message: `The RDP-Tcp connection is set to FIPS Compliant (4), but the Group Policy level ${WATCHED_VALUES['rdp-encryption-policy'].describe(policyLevel)} overrides it, so it blocks nothing. It would matter again if that policy were removed.`,
        evidence: [...tcp.evidence, ...(policy.known ? policy.evidence : [])],
      });
    }
  }

  // A local GPO value that a domain GPO overrides blocks nothing, but an administrator reading
  // gpedit.msc will see it and wonder.
  const pol = ev.localGpo?.rdpEncryptionPolicy;
  if (pol?.state === 'set' && pol.data === FIPS_LEVEL && policy.known && policyLevel !== FIPS_LEVEL) {
    notes.push({
      kind: 'overridden',
      message: `The local GPO sets the RDP encryption level to FIPS Compliant (4), but the value in effect is ${describeValue('rdp-encryption-policy', policyLevel ?? null)}: a domain GPO overrides the local GPO.`,
      evidence: [evidenceItem(pol.origin, 'local GPO sets 4 (FIPS Compliant)'), ...policy.evidence],
    });
  }

  if (!preVista && legacy.known && legacy.data === 1 && fipsOn !== true) {
    notes.push({
      kind: 'legacy-value',
      message:
        'The Windows XP / Server 2003 value Lsa\\FIPSAlgorithmPolicy is 1. Windows Vista and later read FIPSAlgorithmPolicy\\Enabled instead, so it blocks nothing here (only .NET on pre-Vista systems read it). If this server runs Windows Server 2003, it does turn FIPS on.',
      evidence: [...legacy.evidence],
    });
  }

  if (causes.some((c) => c.setting === 'fips-algorithm-policy')) {
    notes.push({
      kind: 'compliance',
      message: `FIPS mode may be required here: DISA STIGs require the FIPS option enabled (${STIG_FIPS_RULES}). Turning it off needs a documented exception; keeping the RDP level at High keeps strong RDP encryption.`,
      evidence: [],
    });
  }

  const gaps: EvidenceGap[] = [];
  if (!fips.known) gaps.push(gapFor(fipsId));
  if (!policy.known) gaps.push(gapFor('rdp-encryption-policy'));
  if (!tcp.known && (policyLevel === null || policyLevel === undefined))
    gaps.push(gapFor('rdp-tcp-encryption-level'));
  for (const u of ev.unavailable) {
    gaps.push({
      what: UNAVAILABLE_WORDS[u.what].what,
      why: u.reason,
      settleWith: UNAVAILABLE_WORDS[u.what].settleWith,
    });
  }

  // The level in force: the FIPS option, then the policy value, then the RDP-Tcp value.
  let effective: Diagnosis['effectiveLevel'];
  const rdpDecided: Diagnosis['effectiveLevel'] | undefined =
    policyLevel !== undefined && policyLevel !== null
      ? { level: policyLevel, label: levelLabel(policyLevel), decidedBy: 'rdp-encryption-policy' }
      : policyLevel === null && tcpLevel !== undefined
        ? tcpLevel === null
          ? { level: null, label: 'not set (Windows default, not FIPS)', decidedBy: 'default' }
          : { level: tcpLevel, label: levelLabel(tcpLevel), decidedBy: 'rdp-tcp-encryption-level' }
        : undefined;
  if (fipsOn === true)
    effective = { level: FIPS_LEVEL, label: levelLabel(FIPS_LEVEL), decidedBy: 'fips-algorithm-policy' };
  else if (rdpDecided && (fipsOn === false || rdpDecided.level === FIPS_LEVEL)) effective = rdpDecided;
  else effective = { level: null, label: 'not known from the evidence', decidedBy: 'unknown' };

  const verdict: Diagnosis['verdict'] =
    causes.length > 0 ? 'blocked' : effective.decidedBy === 'unknown' ? 'incomplete' : 'not-blocked';
  const symptom = symptomOf(ev);
  if (symptom && symptom.termDdEvent50 > 0 && verdict === 'not-blocked') {
    notes.push({
      kind: 'symptom',
      message: `The System log has ${symptom.termDdEvent50} TermDD event 50 (DATA ENCRYPTION), the last at ${symptom.last}, but the settings read now do not force FIPS: the events may predate a fix, or a service started before the change still runs in FIPS mode (restart Remote Desktop Services, which drops every session).`,
      evidence: symptom.evidence,
    });
  }

  return {
    format: DIAGNOSIS_FORMAT,
    machine: { ...ev.machine },
    verdict,
    blocksRemoteAssistance: verdict === 'blocked',
    summary: summaryOf(verdict, causes, gaps),
    effectiveLevel: effective,
    causes,
    notes,
    evidenceGaps: gaps,
    symptom,
  };
}

function levelLabel(level: number): string {
  return isRdpEncryptionLevel(level) ? `${level} (${RDP_ENCRYPTION_LEVEL_LABEL[level]})` : String(level);
}

const SOURCE_WORDS: Readonly<Record<FipsPolicySource, string>> = {
  'rdp-tcp-connection': "the RDP-Tcp connection's own setting",
  registry: 'a value written directly into the registry',
  'local-security-policy': 'local security policy',
  'local-group-policy': 'the local Group Policy object',
  'domain-group-policy': 'a domain Group Policy object',
  unknown: 'a source the evidence cannot tell',
};

export function sourceWords(c: Pick<Cause, 'source' | 'gpo'>): string {
  return c.source === 'domain-group-policy' && c.gpo ? `domain GPO "${c.gpo.name}"` : SOURCE_WORDS[c.source];
}

function summaryOf(
  verdict: Diagnosis['verdict'],
  causes: readonly Cause[],
  gaps: readonly EvidenceGap[],
): string {
  if (verdict === 'not-blocked')
    return 'Nothing read forces the FIPS encryption level: Remote Assistance from Windows 10 is not blocked by it.';
  if (verdict === 'incomplete') {
    return `Nothing read forces FIPS, but the evidence does not cover: ${gaps.map((g) => g.what).join('; ')}.`;
  }
  const parts = causes.map(
    (c) =>
      `${c.setting === 'fips-algorithm-policy' ? 'the FIPS security option' : c.id === 'rdp-encryption-policy' ? 'the RDP encryption policy' : 'the RDP-Tcp encryption level'} (set by ${sourceWords(c)})`,
  );
  const blockers = causes.filter((c) => !c.fixableLocally);
  const tail =
    blockers.length === 0
      ? 'every cause can be fixed on this server.'
      : `not fixable here: ${blockers.map((c) => (c.source === 'unknown' ? `${c.registryValue} needs more evidence` : `${c.registryValue} is set by ${sourceWords(c)}`)).join('; ')}.`;
  return `Remote Assistance from Windows 10 is blocked by ${parts.join(' and ')}; ${tail}`;
}
