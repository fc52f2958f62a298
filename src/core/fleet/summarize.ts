// The fleet summary: how many servers are blocked, by which setting and which source; which domain
// GPOs are responsible, with the servers under each; which servers can be fixed on the server
// itself; which files could not be used. Pure over classified documents: the same documents in any
// order give the same summary.
import type { FipsPolicySource } from '../diagnosis-schema';
import { ExitCode, FleetExitCode } from '../exit-codes';
import { domainGpoOf } from '../rules/domain-gpo';
import { managedValue, type ManagedValueId } from '../settings';
import type { FleetCauseView, FleetServerView, FleetSummaryDocument } from './fleet-document';
import { NewestPerServer, type Superseded } from './newest-per-server';

export interface ServerLine {
  readonly server: string;
  readonly file: string;
  readonly from: FleetServerView['from'];
  readonly verdict: 'blocked' | 'not-blocked' | 'incomplete';
  /** The exit code `fipsfix diagnose` gave (or would give) on that server. */
  readonly exitCode: ExitCode;
  readonly causes: readonly {
    readonly id: ManagedValueId;
    readonly source: FipsPolicySource;
    readonly gpo?: string;
  }[];
  readonly summary: string;
  /** When the document saw the server; absent when it does not say (an older FipsFix). */
  readonly seenAt?: string;
  /** Whole days from seenAt to when the summary was made; absent when either is unknown. */
  readonly ageDays?: number;
  /** Older than the summary's maxAgeDays: the server may have changed since. */
  readonly old: boolean;
}

export interface CauseCount {
  readonly id: ManagedValueId;
  readonly setting: string;
  readonly source: FipsPolicySource;
  readonly fixableLocally: boolean;
  readonly servers: readonly string[];
}

export interface ResponsibleGpo {
  readonly id: string;
  readonly name: string;
  readonly linkedAt?: string;
  readonly settings: readonly string[];
  readonly servers: readonly string[];
}

export interface FleetSummary {
  readonly documents: number;
  /** When the summary was made, and the age above which a server's data is flagged. */
  readonly summarisedAt?: string;
  readonly maxAgeDays: number;
  readonly servers: readonly ServerLine[];
  readonly counts: {
    readonly servers: number;
    readonly blocked: number;
    readonly notBlocked: number;
    readonly incomplete: number;
    readonly fixableLocally: number;
    readonly notFixableHere: number;
  };
  readonly byCause: readonly CauseCount[];
  readonly domainGpos: readonly ResponsibleGpo[];
  /** Blocked servers whose every cause can be fixed on the server (diagnose exit 1). */
  readonly fixableLocally: readonly string[];
  /** Blocked servers with a cause that is a domain GPO or unknown (diagnose exit 2), and incomplete evidence. */
  readonly notFixableHere: readonly string[];
  /** Servers whose data is older than maxAgeDays, oldest first, and those whose documents are not dated. */
  readonly olderThanMaxAge: readonly string[];
  readonly notDated: readonly string[];
  readonly unreadable: readonly { readonly file: string; readonly reason: string }[];
  readonly foreign: readonly { readonly file: string; readonly reason: string }[];
  /** A server seen in more than one document: the one that saw it last counts (newest-per-server.ts). */
  readonly superseded: readonly Superseded[];
  readonly exitCode: FleetExitCode;
}

export interface SummaryOptions {
  /** When the summary is made (ISO): without it, no ages. */
  readonly now?: string;
  /** Data older than this many days is flagged (default 7). */
  readonly maxAgeDays?: number;
}

export const DEFAULT_MAX_AGE_DAYS = 7;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const DAY_MS = 24 * 60 * 60 * 1000;

/** A cause view as a key: equal keys, equal views (the GPO, rarely there, whole). */
const causeKey = (c: FleetCauseView): string =>
  `${c.id}\u0000${c.source}\u0000${c.fixableLocally ? 1 : 0}\u0000${c.gpo ? JSON.stringify(c.gpo) : ''}`;

/** What is kept per server while documents stream in: the view, nothing of the document. */
const NO_CAUSES: readonly FleetCauseView[] = [];
type Kept = FleetServerView;

/**
 * The summary built one document at a time, so a fleet of any size is read in the memory of its
 * summary: each server's few hundred bytes, never the documents.
 */
export class FleetSummaryBuilder {
  private readonly newest = new NewestPerServer<Kept>();
  private readonly unreadable: { file: string; reason: string }[] = [];
  private readonly foreign: { file: string; reason: string }[] = [];
  private count = 0;
  /** Servers of one fleet mostly share their words and causes: each distinct one is kept once. */
  private readonly shared = new Map<string, string>();
  private readonly sharedCauses = new Map<string, readonly FleetCauseView[]>();

  private once(text: string): string {
    const known = this.shared.get(text);
    if (known !== undefined) return known;
    this.shared.set(text, text);
    return text;
  }

  private causesOnce(causes: readonly FleetCauseView[]): readonly FleetCauseView[] {
    if (causes.length === 0) return NO_CAUSES;
    const key = causes.map(causeKey).join('\u0001');
    const known = this.sharedCauses.get(key);
    if (known) return known;
    this.sharedCauses.set(key, causes);
    return causes;
  }

  add(d: FleetSummaryDocument): void {
    this.count++;
    if (d.kind === 'unreadable') this.unreadable.push({ file: d.file, reason: d.reason });
    else if (d.kind === 'foreign') this.foreign.push({ file: d.file, reason: d.reason });
    else
      // Only the view's fields: a whole document handed in (a ServerDocument) is not kept alive.
      this.newest.offer({
        file: d.file,
        server: d.server,
        from: d.from,
        ...(d.seenAt !== undefined ? { seenAt: d.seenAt } : {}),
        verdict: d.verdict,
        exitCode: d.exitCode,
        summary: this.once(d.summary),
        causes: this.causesOnce(d.causes),
      });
  }

  summary(options: SummaryOptions = {}): FleetSummary {
    return summaryOf(
      this.count,
      this.newest.documents(),
      this.newest.superseded(),
      [...this.unreadable].sort((a, b) => byText(a.file, b.file)),
      [...this.foreign].sort((a, b) => byText(a.file, b.file)),
      options,
    );
  }
}

/** The summary of documents already read (the builder, all at once). */
export function summarizeFleet(
  documents: Iterable<FleetSummaryDocument>,
  options: SummaryOptions = {},
): FleetSummary {
  const b = new FleetSummaryBuilder();
  for (const d of documents) b.add(d);
  return b.summary(options);
}

function causeLine(c: FleetCauseView): ServerLine['causes'][number] {
  const gpo = domainGpoOf(c);
  return { id: c.id, source: c.source, ...(gpo ? { gpo: gpo.name } : {}) };
}

/** Milliseconds from when the server was seen to now (a Date.parse); undefined when either is not known. */
function ageOf(seenAt: string | undefined, now: number): number | undefined {
  if (seenAt === undefined || Number.isNaN(now)) return undefined;
  const ms = now - Date.parse(seenAt);
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

function summaryOf(
  documents: number,
  docs: readonly Kept[],
  superseded: Superseded[],
  unreadable: { file: string; reason: string }[],
  foreign: { file: string; reason: string }[],
  options: SummaryOptions,
): FleetSummary {
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
  const servers: ServerLine[] = [];
  const causes = new Map<
    string,
    { id: ManagedValueId; source: FipsPolicySource; fixableLocally: boolean; servers: string[] }
  >();
  const gpos = new Map<
    string,
    { id: string; name: string; linkedAt?: string; settings: Set<string>; servers: string[] }
  >();
  const fixableLocally: string[] = [];
  const notFixableHere: string[] = [];
  let blocked = 0;
  let notBlocked = 0;
  let incomplete = 0;

  const old: { server: string; age: number }[] = [];
  // Servers share their cause lists (the builder keeps each distinct one once): so do their lines.
  const lines = new Map<readonly FleetCauseView[], ServerLine['causes']>();
  const linesOf = (causes: readonly FleetCauseView[]): ServerLine['causes'] => {
    const known = lines.get(causes);
    if (known) return known;
    const made = causes.map(causeLine);
    lines.set(causes, made);
    return made;
  };
  const notDated: string[] = [];

  const now = options.now === undefined ? NaN : Date.parse(options.now);
  for (const doc of docs) {
    const d = doc;
    const age = ageOf(doc.seenAt, now);
    const ageDays = age === undefined ? undefined : Math.floor(age / DAY_MS);
    const isOld = age !== undefined && age > maxAgeDays * DAY_MS;
    if (isOld) old.push({ server: doc.server, age });
    if (doc.seenAt === undefined) notDated.push(doc.server);
    servers.push({
      server: doc.server,
      file: doc.file,
      from: doc.from,
      verdict: d.verdict,
      exitCode: doc.exitCode,
      causes: linesOf(d.causes),
      summary: d.summary,
      ...(doc.seenAt !== undefined ? { seenAt: doc.seenAt } : {}),
      ...(ageDays !== undefined ? { ageDays } : {}),
      old: isOld,
    });
    if (d.verdict === 'blocked') blocked++;
    else if (d.verdict === 'not-blocked') notBlocked++;
    else incomplete++;
    if (doc.exitCode === ExitCode.BlockedFixableHere) fixableLocally.push(doc.server);
    else if (doc.exitCode === ExitCode.NotFixableHere) notFixableHere.push(doc.server);

    const seenHere = new Set<string>();
    const gposHere = new Set<string>();
    for (const c of d.causes) {
      const key = `${c.id}\u0000${c.source}`;
      if (seenHere.has(key)) continue;
      seenHere.add(key);
      const entry = causes.get(key) ?? {
        id: c.id,
        source: c.source,
        fixableLocally: c.fixableLocally,
        servers: [],
      };
      entry.servers.push(doc.server);
      causes.set(key, entry);
      const gpo = domainGpoOf(c);
      if (gpo) {
        const gk = gpo.id.toUpperCase();
        const g = gpos.get(gk) ?? {
          id: gpo.id,
          name: gpo.name,
          ...(gpo.linkedAt ? { linkedAt: gpo.linkedAt } : {}),
          settings: new Set<string>(),
          servers: [],
        };
        g.settings.add(managedValue(c.id).label);
        if (!gposHere.has(gk)) g.servers.push(doc.server);
        gposHere.add(gk);
        gpos.set(gk, g);
      }
    }
  }

  const byCause: CauseCount[] = [...causes.values()]
    .map((c) => ({
      id: c.id,
      setting: managedValue(c.id).label,
      source: c.source,
      fixableLocally: c.fixableLocally,
      servers: c.servers,
    }))
    .sort((a, b) => b.servers.length - a.servers.length || byText(a.id, b.id) || byText(a.source, b.source));
  const domainGpos: ResponsibleGpo[] = [...gpos.values()]
    .map((g) => ({
      id: g.id,
      name: g.name,
      ...(g.linkedAt ? { linkedAt: g.linkedAt } : {}),
      settings: [...g.settings].sort(byText),
      servers: g.servers,
    }))
    .sort((a, b) => b.servers.length - a.servers.length || byText(a.name, b.name));

  const exitCode: FleetExitCode =
    servers.length === 0
      ? FleetExitCode.NothingReadable
      : notFixableHere.length > 0
        ? FleetExitCode.SomeNotFixableHere
        : fixableLocally.length > 0
          ? FleetExitCode.BlockedAllFixableLocally
          : FleetExitCode.NoServerBlocked;

  return {
    documents,
    ...(options.now !== undefined ? { summarisedAt: options.now } : {}),
    maxAgeDays,
    servers,
    counts: {
      servers: servers.length,
      blocked,
      notBlocked,
      incomplete,
      fixableLocally: fixableLocally.length,
      notFixableHere: notFixableHere.length,
    },
    byCause,
    domainGpos,
    fixableLocally,
    notFixableHere,
    olderThanMaxAge: old.sort((a, b) => b.age - a.age || byText(a.server, b.server)).map((o) => o.server),
    notDated,
    unreadable,
    foreign,
    superseded,
    exitCode,
  };
}
