// What each fact a rule rested on says in an evidence line, and the notes beside a diagnosis.
import type { Diagnosis, EvidenceItem, Note } from '../diagnosis-schema';
import type {
  EvidenceOrigin,
  GpoRef,
  GroupPolicySetting,
  SecurityOptionReading,
  SeceditExportKind,
  TermDdEvidence,
  UnnamedRdpPolicyLevel,
} from '../evidence';
import type { SourceFact, SourceFinding } from '../rules/source-decision';
import type { ValueBasis } from '../rules/value-in-force';
import { WATCHED_VALUES, managedValue, type ManagedValueId } from '../settings';
import { STIG_FIPS_RULES } from '../windows-texts';
import { STILL_REFUSED_CHECK } from './taking-effect';

export function evidenceItem(origin: EvidenceOrigin, read: string): EvidenceItem {
  return { file: origin.file, format: origin.format, location: origin.location, read };
}

export function describeValue(id: ManagedValueId, data: number | null): string {
  return data === null ? 'absent' : managedValue(id).describe(data);
}

const PREFERENCE_ACTION_WORDS = { C: 'Create', R: 'Replace', U: 'Update', D: 'Delete' } as const;

/** How a GPO setting reached the value, when it is not the usual one for it. */
function routeWords(s: GroupPolicySetting): string {
  switch (s.kind) {
    case 'preference':
      return ` with a Group Policy Preferences registry item (${PREFERENCE_ACTION_WORDS[s.action ?? 'U']})`;
    case 'registry-setting':
      return s.setting === 'rdp-encryption-policy' ? '' : ' with a registry setting (Set-GPRegistryValue)';
    default:
      return '';
  }
}

function describeGpoSetting(s: GroupPolicySetting): string {
  const what =
    s.kind === 'preference' && s.data === null ? 'a deletion of the value' : describeValue(s.setting, s.data);
  const where = s.gpo.isLocal ? 'Local Group Policy' : `GPO "${s.gpo.name}" ${s.gpo.id}`;
  return `${where} sets ${what}${routeWords(s)} (precedence ${s.precedence}${s.precedence === 1 ? ', the winning GPO' : ''})`;
}

function gpoNamed(gpo: GpoRef): string {
  return gpo.isLocal ? 'the local GPO' : `GPO "${gpo.name}" ${gpo.id}`;
}

const EXPORT_WORDS: Readonly<Record<SeceditExportKind, string>> = {
  'local-database': 'local security database (plain secedit /export)',
  'merged-policy': 'merged domain and local policy (secedit /export /mergedpolicy)',
  'not-recorded': 'local security database (a secedit export of a kind not recorded, read as a plain one)',
};

function describeSecurityOption(
  id: ManagedValueId,
  r: SecurityOptionReading,
  exportedWith: SeceditExportKind = 'not-recorded',
): string {
  const what = EXPORT_WORDS[exportedWith];
  return r.state === 'defined'
    ? `${what} defines it: ${describeValue(id, r.data)}`
    : `${what} does not define it`;
}

/** The line for the value itself, and where it was taken from when the registry was not read. */
export function valueLine(id: ManagedValueId, basis: ValueBasis): EvidenceItem {
  switch (basis.kind) {
    case 'registry':
      return evidenceItem(
        basis.reading.origin,
        describeValue(id, basis.reading.state === 'dword' ? basis.reading.data : null),
      );
    case 'winning-gpo':
      return evidenceItem(
        basis.setting.origin,
        `${describeGpoSetting(basis.setting)} (registry not read; taken from the winning GPO)`,
      );
    case 'security-database':
      return evidenceItem(
        basis.reading.origin,
        `${describeSecurityOption(id, basis.reading, basis.exportedWith)} (registry not read)`,
      );
    case 'local-gpo':
      return evidenceItem(
        basis.reading.origin,
        `local GPO sets ${describeValue(id, basis.reading.data)} (registry not read)`,
      );
  }
}

/** The line for one fact a source rule rested on. */
export function factLine(f: SourceFact): EvidenceItem {
  switch (f.kind) {
    case 'winning-gpo':
      return evidenceItem(f.setting.origin, describeGpoSetting(f.setting));
    case 'no-gpo-sets':
      return evidenceItem(
        f.origin,
        f.value === 'rdp-encryption-policy'
          ? 'no GPO, domain or local, sets "Set client connection encryption level"'
          : 'no GPO, domain or local, defines this security option',
      );
    case 'no-computer-part':
      return evidenceItem(f.origin, 'domain GPOs are not visible in it');
    case 'security-database':
      return evidenceItem(f.reading.origin, describeSecurityOption(f.value, f.reading, f.exportedWith));
    case 'local-gpo':
      return evidenceItem(
        f.reading.origin,
        f.reading.state === 'set'
          ? f.reading.soft
            ? `local GPO sets ${describeValue('rdp-encryption-policy', f.reading.data)} only where the server has no value (a **soft. record)`
            : `local GPO sets ${describeValue('rdp-encryption-policy', f.reading.data)}`
          : f.reading.state === 'deleted'
            ? 'local GPO deletes the value'
            : 'local GPO does not set it',
      );
    case 'unnamed-domain-templates':
      return evidenceItem(
        f.origin,
        'the report is not in English and a domain GPO has Administrative Template policies FipsFix cannot name',
      );
    case 'unmapped-templates': {
      const first = f.templates[0];
      const gpos = [...new Set(f.templates.map((t) => gpoNamed(t.gpo)))];
      const names = f.templates.slice(0, 3).map((t) => `"${t.name}"`);
      const more = f.templates.length > 3 ? ` and ${f.templates.length - 3} more` : '';
      return evidenceItem(
        first?.origin ?? { file: '?', format: 'gpresult-xml', location: '?' },
        `${f.templates.length} Administrative Template ${f.templates.length === 1 ? 'policy' : 'policies'} FipsFix cannot map to a registry value (${names.join(', ')}${more}) in ${gpos.join(', ')}: gpresult names a template, not the key it writes, so any of them may set this value`,
      );
    }
    case 'unnamed-level':
      return evidenceItem(
        f.level.origin,
        `${gpoNamed(f.level.gpo)} enables "Set client connection encryption level" at "${f.level.shown}", a level FipsFix cannot name (precedence ${f.level.precedence})`,
      );
    case 'unusable-setting':
      return evidenceItem(f.row.origin, `${gpoNamed(f.row.gpo)} sets this value, but ${f.row.why}`);
    case 'preferences-not-read':
      return evidenceItem(
        { ...f.origin, location: `${f.origin.location}: no Group Policy Preferences` },
        'RSoP without gpresult: Group Policy Preferences registry items are not in RSoP, so one that sets this value is not ruled out',
      );
  }
}

export function findingNote(f: SourceFinding): Note {
  switch (f.kind) {
    case 'gpo-disagrees': {
      const w = f.setting;
      const consequence =
        w.setting === 'rdp-encryption-policy'
          ? 'but the policy value is 4 (FIPS Compliant): it was written on this server after the last policy refresh. A template value is reapplied only when a GPO changed, on gpupdate /target:computer /force, or with "Process even if the Group Policy objects have not changed": until then the 4 stays; fixing it locally agrees with that GPO.'
          : 'but the value is on: it was changed on this server after the last policy application. Security settings are reapplied every 16 hours even when no GPO changed (per KB 277543), which will turn it off again; fixing it locally agrees with that GPO.';
      return {
        kind: 'gpo-disagrees',
        message: `${describeGpoSetting(w)}, ${consequence}`,
        evidence: [evidenceItem(w.origin, describeGpoSetting(w))],
      };
    }
    case 'domain-gpo-not-ruled-out':
      return {
        kind: 'domain-gpo-not-ruled-out',
        message:
          'The local GPO sets this value, which explains it. No elevated gpresult is in the evidence, so a domain GPO setting the same value (which would win) is not ruled out; the Administrative Template cannot set 4, so that would take a custom template or Set-GPRegistryValue.',
        evidence: [],
      };
  }
}

/** A listener (RDP-Tcp or another) at 4 under a policy level that is not FIPS. */
export function tcpOverriddenNote(policyLevel: number, evidence: EvidenceItem[], listener = 'RDP-Tcp'): Note {
  return {
    kind: 'overridden',
    message: `The ${listener} connection is set to FIPS Compliant (4), but the Group Policy level ${WATCHED_VALUES['rdp-encryption-policy'].describe(policyLevel)} overrides it, so it blocks nothing. It would matter again if that policy were removed.`,
    evidence,
  };
}

/** RDP-Tcp at 4 under a policy in force at a level FipsFix cannot name. */
export function tcpUnderUnnamedLevelNote(
  level: UnnamedRdpPolicyLevel,
  evidence: EvidenceItem[],
  listener = 'RDP-Tcp',
): Note {
  return {
    kind: 'overridden',
    message: `The ${listener} connection is set to FIPS Compliant (4), but ${gpoNamed(level.gpo)} enables "Set client connection encryption level", which overrides it, at "${level.shown}": a level FipsFix cannot name. So the ${listener} value is not what decides the level, and the level in force is not known from this evidence.`,
    evidence: [...evidence, evidenceItem(level.origin, `policy enabled at "${level.shown}"`)],
  };
}

/** The local GPO's 4 under a domain GPO's other level: blocks nothing, but gpedit.msc shows it. */
export function localGpoOverriddenNote(
  levelInForce: number | null,
  localGpoOrigin: EvidenceOrigin,
  policyEvidence: EvidenceItem[],
): Note {
  return {
    kind: 'overridden',
    message: `The local GPO sets the RDP encryption level to FIPS Compliant (4), but the value in effect is ${describeValue('rdp-encryption-policy', levelInForce)}: a domain GPO overrides the local GPO.`,
    evidence: [evidenceItem(localGpoOrigin, 'local GPO sets 4 (FIPS Compliant)'), ...policyEvidence],
  };
}

export function legacyValueNote(evidence: EvidenceItem[]): Note {
  return {
    kind: 'legacy-value',
    message:
      'The Windows XP / Server 2003 value Lsa\\FIPSAlgorithmPolicy is 1. Windows Vista and later read FIPSAlgorithmPolicy\\Enabled instead, so it blocks nothing here (only .NET on pre-Vista systems read it). If this server runs Windows Server 2003, it does turn FIPS on.',
    evidence,
  };
}

export const COMPLIANCE_NOTE: Note = {
  kind: 'compliance',
  message: `FIPS mode may be required here: DISA STIGs require the FIPS option enabled (${STIG_FIPS_RULES}). Turning it off needs a documented exception; keeping the RDP level at High keeps strong RDP encryption.`,
  evidence: [],
};

export function symptomLine(termDd: TermDdEvidence, times: readonly string[]): EvidenceItem {
  return evidenceItem(
    termDd.origin,
    times.length > 0
      ? `${times.length} TermDD event 50 with component DATA ENCRYPTION, ${times[0]} to ${times[times.length - 1]}`
      : `no TermDD event 50 with component DATA ENCRYPTION among ${termDd.events.length} events read`,
  );
}

export function symptomNote(count: number, last: string, evidence: EvidenceItem[]): Note {
  return {
    kind: 'symptom',
    message: `The System log has ${count} TermDD event 50 (DATA ENCRYPTION), the last at ${last}, but the settings read now do not force FIPS: ${STILL_REFUSED_CHECK}.`,
    evidence,
  };
}

/** The symptom line of a diagnosis: TermDD event 50 counted in the System log, or none among the events read. */
export function symptomWords(
  s: Pick<NonNullable<Diagnosis['symptom']>, 'termDdEvent50' | 'first' | 'last'>,
): string {
  return s.termDdEvent50 > 0
    ? `Symptom: ${s.termDdEvent50} TermDD event 50 (DATA ENCRYPTION) in the System log, ${s.first ?? '?'} to ${s.last ?? '?'}. Old events do not prove a current problem.`
    : 'Symptom: no TermDD event 50 (DATA ENCRYPTION) in the events read.';
}

/** A key under WinStations that looks like a listener but whose name FipsFix will not put into a key path. */
export function unnamedListenerNote(name: string, origin: EvidenceOrigin): Note {
  return {
    kind: 'evidence',
    message: `WinStations has a listener key named "${name}", which is not a plain key name FipsFix accepts (a backslash, "..", a control character, or more than 32 characters): its level is not diagnosed. Check it in the registry yourself.`,
    evidence: [evidenceItem(origin, `listener "${name}"`)],
  };
}

/** A listener at FIPS whose security layer is SSL (TLS): TLS does not make the level harmless. */
export function fipsUnderTlsNote(listener: string, evidence: EvidenceItem[]): Note {
  return {
    kind: 'evidence',
    message: `The ${listener} listener uses SSL (TLS) as its security layer, and its level is still FIPS Compliant: MS-RDPBCGR 5.4.1 lists FIPS among the levels Enhanced RDP Security (TLS) supports, so TLS does not make this level harmless. (The policy's explain text says the level applies only to native RDP encryption; what the listener negotiates on the wire settles it.)`,
    evidence,
  };
}
