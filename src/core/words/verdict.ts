// The verdict and the level in force in words, for every shell: the console, the report, the fleet
// page (and, through the IPC contract, the window).
import type { Cause, Diagnosis, EvidenceGap } from '../diagnosis-schema';
import type { LevelDecidedBy } from '../rules/value-in-force';
import { rdpLevelLabel } from '../settings';
import { sourceWords } from './source';

type Verdict = Diagnosis['verdict'];

interface VerdictWords {
  readonly state: string;
  readonly detail: string;
  /** The detail goes on from the state as one sentence ("Not blocked by…"), with no colon. */
  readonly continues?: true;
  /** In a word or two, for a table of many servers. */
  readonly short: string;
}

const VERDICT_WORDS: Readonly<Record<Verdict, VerdictWords>> = {
  blocked: {
    state: 'Blocked',
    detail: 'Remote Assistance and RDP clients from Windows 10 are refused',
    short: 'blocked',
  },
  'not-blocked': {
    state: 'Not blocked',
    detail: 'by the FIPS encryption level',
    continues: true,
    short: 'not blocked',
  },
  incomplete: {
    state: 'Incomplete',
    detail: 'the evidence does not cover every setting',
    short: 'incomplete evidence',
  },
};

/** The heading of a diagnosis: "Blocked: Remote Assistance and RDP clients from Windows 10 are refused". */
export function verdictHeadline(v: Verdict): string {
  const w = VERDICT_WORDS[v];
  return `${w.state}${w.continues ? ' ' : ': '}${w.detail}`;
}

/** The console's heading: the verdict in capitals, so it stands out among the lines below. */
export function verdictForConsole(v: Verdict): string {
  const w = VERDICT_WORDS[v];
  return `${w.state.toUpperCase()}${w.continues ? ' ' : ' — '}${w.detail}`;
}

export function verdictShort(v: Verdict): string {
  return VERDICT_WORDS[v].short;
}

/** The RDP encryption level in force, as the diagnosis labels it. */
export function levelInForceLabel(level: number | null, decidedBy: LevelDecidedBy): string {
  if (level !== null) return rdpLevelLabel(level);
  return decidedBy === 'default' ? 'not set (Windows default, not FIPS)' : 'not known from the evidence';
}

/** What decided the level in force, as a tail to its label ("3 (High), set by Group Policy"). */
export const DECIDED_BY_WORDS: Readonly<Record<LevelDecidedBy, string>> = {
  'fips-algorithm-policy': ', forced by the FIPS security option',
  'rdp-encryption-policy': ', set by Group Policy',
  'rdp-tcp-encryption-level': ", the RDP-Tcp connection's own setting",
  default: '',
  unknown: '',
};

function causeWords(c: Cause): string {
  const what =
    c.setting === 'fips-algorithm-policy'
      ? 'the FIPS security option'
      : c.id === 'rdp-encryption-policy'
        ? 'the RDP encryption policy'
        : `the ${c.listener ?? 'RDP-Tcp'} encryption level`;
  return `${what} (set by ${sourceWords(c)})`;
}

function blockerWords(c: Cause): string {
  if (c.sessionCollection)
    return `${c.registryValue} belongs to the configuration of the RD Session Host collection${c.sessionCollection.collection ? ` "${c.sessionCollection.collection}"` : ''}, set on the connection broker`;
  return c.source === 'unknown'
    ? `${c.registryValue} needs more evidence`
    : `${c.registryValue} is set by ${sourceWords(c)}`;
}

/** The diagnosis in one or two sentences: what blocks, who set it, what can be fixed here. */
export function summaryOf(verdict: Verdict, causes: readonly Cause[], gaps: readonly EvidenceGap[]): string {
  if (verdict === 'not-blocked')
    return 'Nothing read forces the FIPS encryption level: Remote Assistance from Windows 10 is not blocked by it.';
  if (verdict === 'incomplete')
    return `Nothing read forces FIPS, but the evidence does not cover: ${gaps.map((g) => g.what).join('; ')}.`;
  const blockers = causes.filter((c) => !c.fixableLocally);
  const tail =
    blockers.length === 0
      ? 'every cause can be fixed on this server.'
      : `not fixable here: ${blockers.map(blockerWords).join('; ')}.`;
  return `Remote Assistance from Windows 10 is blocked by ${causes.map(causeWords).join(' and ')}; ${tail}`;
}
