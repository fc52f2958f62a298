// The fleet summary: how many servers are blocked, by which setting and which source; which domain
// GPOs are responsible, with the servers under each; which servers can be fixed on the server
// itself; which files could not be used. Pure over classified documents: the same documents in any
// order give the same summary.
import type { Cause, FipsPolicySource } from '../diagnosis-schema';
import { ExitCode, FleetExitCode } from '../exit-codes';
import { domainGpoOf } from '../rules/domain-gpo';
import { managedValue, type ManagedValueId } from '../settings';
import type { FleetDocument, ServerDocument } from './fleet-document';

export interface ServerLine {
  readonly server: string;
  readonly file: string;
  readonly from: ServerDocument['from'];
  readonly verdict: 'blocked' | 'not-blocked' | 'incomplete';
  /** The exit code `fipsfix diagnose` gave (or would give) on that server. */
  readonly exitCode: ExitCode;
  readonly causes: readonly {
    readonly id: ManagedValueId;
    readonly source: FipsPolicySource;
    readonly gpo?: string;
  }[];
  readonly summary: string;
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
  readonly unreadable: readonly { readonly file: string; readonly reason: string }[];
  readonly foreign: readonly { readonly file: string; readonly reason: string }[];
  /** A server seen in more than one document: the newest (else the first by file name) counts. */
  readonly superseded: readonly {
    readonly file: string;
    readonly server: string;
    readonly keptFile: string;
  }[];
  readonly exitCode: FleetExitCode;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const serverKey = (name: string): string => name.toUpperCase(); // server names compare as Windows does

function newer(a: ServerDocument, b: ServerDocument): boolean {
  // Reports carry generatedAt; a bare diagnosis does not, so file-name order decides among those.
  if (a.generatedAt && b.generatedAt && a.generatedAt !== b.generatedAt) return a.generatedAt > b.generatedAt;
  if (a.generatedAt && !b.generatedAt) return true;
  if (!a.generatedAt && b.generatedAt) return false;
  return byText(a.file, b.file) < 0;
}

function causeLine(c: Cause): ServerLine['causes'][number] {
  const gpo = domainGpoOf(c);
  return { id: c.id, source: c.source, ...(gpo ? { gpo: gpo.name } : {}) };
}

export function summarizeFleet(documents: readonly FleetDocument[]): FleetSummary {
  const kept = new Map<string, ServerDocument>();
  const superseded: { file: string; server: string; keptFile: string }[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  const foreign: { file: string; reason: string }[] = [];
  const all = [...documents].sort((a, b) => byText(a.file, b.file));
  for (const d of all) {
    if (d.kind === 'unreadable') unreadable.push({ file: d.file, reason: d.reason });
    else if (d.kind === 'foreign') foreign.push({ file: d.file, reason: d.reason });
    else {
      const k = serverKey(d.server);
      const prev = kept.get(k);
      if (!prev) kept.set(k, d);
      else if (newer(d, prev)) {
        kept.set(k, d);
        superseded.push({ file: prev.file, server: prev.server, keptFile: d.file });
      } else superseded.push({ file: d.file, server: d.server, keptFile: prev.file });
    }
  }

  const docs = [...kept.values()].sort(
    (a, b) => byText(serverKey(a.server), serverKey(b.server)) || byText(a.file, b.file),
  );
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

  for (const doc of docs) {
    const d = doc.diagnosis;
    servers.push({
      server: doc.server,
      file: doc.file,
      from: doc.from,
      verdict: d.verdict,
      exitCode: doc.exitCode,
      causes: d.causes.map(causeLine),
      summary: d.summary,
    });
    if (d.verdict === 'blocked') blocked++;
    else if (d.verdict === 'not-blocked') notBlocked++;
    else incomplete++;
    if (doc.exitCode === ExitCode.BlockedFixableHere) fixableLocally.push(doc.server);
    else if (doc.exitCode === ExitCode.NotFixableHere) notFixableHere.push(doc.server);

    const seenHere = new Set<string>();
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
        if (!g.servers.includes(doc.server)) g.servers.push(doc.server);
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
    documents: documents.length,
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
    unreadable,
    foreign,
    superseded,
    exitCode,
  };
}
