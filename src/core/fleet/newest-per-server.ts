// One rule for a server seen in more than one document, for every command that reads a fleet
// (`fleet summarize`, `export --from`): the one that saw the server last counts, the others are
// named as superseded. Undated documents (a FipsFix before diagnosedAt) lose to dated ones, and
// among equals the first file by name counts, so the order the files are read in never matters.

export interface Dated {
  readonly server: string;
  readonly file: string;
  /** When the document saw the server (FleetServerView.seenAt). */
  readonly seenAt?: string | undefined;
}

export interface Superseded {
  readonly file: string;
  readonly server: string;
  readonly keptFile: string;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Server names compare as Windows compares computer names: without regard to case. */
export const serverKey = (name: string): string => name.toUpperCase();

/** Whether `a` saw its server after `b` did (ISO times of any offset compare by instant). */
export function sawLater(a: Dated, b: Dated): boolean {
  const at = a.seenAt !== undefined ? Date.parse(a.seenAt) : NaN;
  const bt = b.seenAt !== undefined ? Date.parse(b.seenAt) : NaN;
  if (!Number.isNaN(at) && !Number.isNaN(bt) && at !== bt) return at > bt;
  if (!Number.isNaN(at) && Number.isNaN(bt)) return true;
  if (Number.isNaN(at) && !Number.isNaN(bt)) return false;
  return byText(a.file, b.file) < 0;
}

/** Keeps the newest document per server as they come, one at a time; nothing else is held. */
export class NewestPerServer<T extends Dated> {
  private readonly kept = new Map<string, T>();
  private readonly dropped: Superseded[] = [];

  offer(doc: T): void {
    const k = serverKey(doc.server);
    const prev = this.kept.get(k);
    if (!prev) this.kept.set(k, doc);
    else if (sawLater(doc, prev)) {
      this.kept.set(k, doc);
      this.dropped.push({ file: prev.file, server: prev.server, keptFile: doc.file });
    } else this.dropped.push({ file: doc.file, server: doc.server, keptFile: prev.file });
  }

  /** The documents kept, by server name then file. */
  documents(): T[] {
    // By the map's own keys (each server's serverKey, made once), not one made per comparison.
    return [...this.kept]
      .sort(([ka, a], [kb, b]) => byText(ka, kb) || byText(a.file, b.file))
      .map(([, d]) => d);
  }

  /** Every document that lost, by file; each names the one counted instead (the last that beat it). */
  superseded(): Superseded[] {
    const keptFile = new Map([...this.kept.values()].map((d) => [serverKey(d.server), d.file]));
    return this.dropped
      .map((d) => ({ ...d, keptFile: keptFile.get(serverKey(d.server)) ?? d.keptFile }))
      .sort((a, b) => byText(a.file, b.file));
  }
}

/** The newest document per server, and the ones it supersedes: `export --from` as `fleet summarize`. */
export function newestPerServer<T extends Dated>(docs: Iterable<T>): { kept: T[]; superseded: Superseded[] } {
  const n = new NewestPerServer<T>();
  for (const d of docs) n.offer(d);
  return { kept: n.documents(), superseded: n.superseded() };
}
