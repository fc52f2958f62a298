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

/** Every cause is a drifted value: nothing forces FIPS this minute, a policy puts it back. */
const AT_NEXT_REFRESH: VerdictWords = {
  state: 'Blocked at the next refresh',
  detail: 'a policy puts FIPS back, and Windows 10 clients are then refused again',
  short: 'blocked at next refresh',
};

function wordsOf(v: Verdict, causes?: readonly Pick<Cause, 'drift'>[]): VerdictWords {
  return v === 'blocked' && causes !== undefined && causes.length > 0 && causes.every((c) => c.drift)
    ? AT_NEXT_REFRESH
    : VERDICT_WORDS[v];
}

/**
 * The heading of a diagnosis: "Blocked: Remote Assistance and RDP clients from Windows 10 are
 * refused". Given the causes, one whose causes are all drift says when it blocks instead.
 */
export function verdictHeadline(v: Verdict, causes?: readonly Pick<Cause, 'drift'>[]): string {
  const w = wordsOf(v, causes);
  return `${w.state}${w.continues ? ' ' : ': '}${w.detail}`;
}

/**
 * The verdict after a label of its own ("After the rollback: Blocked — Remote Assistance … refused"):
 * a dash, not a second colon.
 */
export function verdictAfterLabel(v: Verdict, causes?: readonly Pick<Cause, 'drift'>[]): string {
  const w = wordsOf(v, causes);
  return `${w.state}${w.continues ? ' ' : ' — '}${w.detail}`;
}

/** The console's heading: the verdict in capitals, so it stands out among the lines below. */
export function verdictForConsole(v: Verdict, causes?: readonly Pick<Cause, 'drift'>[]): string {
  const w = wordsOf(v, causes);
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
  return c.drift
    ? `${what} (not as its policy says in the registry now, but ${sourceWords(c)} puts it back ${c.drift.comesBack})`
    : `${what} (set by ${sourceWords(c)})`;
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
  const settingGaps = gaps.filter((g) => g.value !== undefined);
  const tail =
    blockers.length === 0
      ? settingGaps.length === 0
        ? 'every cause can be fixed on this server.'
        : `each cause found can be fixed on this server, but the evidence does not cover ${settingGaps.map((g) => g.what).join('; ')}, which may force FIPS too.`
      : `not fixable here: ${blockers.map(blockerWords).join('; ')}.`;
  const now = causes.some((c) => c.drift === undefined);
  return `Remote Assistance from Windows 10 is ${now ? 'blocked' : 'not blocked now, but will be blocked again'} by ${causes.map(causeWords).join(' and ')}; ${tail}`;
}
