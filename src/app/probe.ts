// `fipsfix probe` as a use case every shell shares: targets in (from arguments and a --hosts file),
// one probe document out, with a bounded number of connections open at once and per host, and a
// progress callback for a terminal.
import { readFileSync } from 'node:fs';
import { ConnectionGate } from '../machine/rdp-probe/connection-gate';
import { probeTarget } from '../machine/rdp-probe/probe-target';
import { PROBE_FORMAT, type ProbeDocument, type ProbeTarget } from '../core/wire/probe-document';
import { parseHostsFile, parseTarget, type ProbeTargetAddress } from '../core/wire/target';

/** Connections to one server at once: gentle on it (xrdp listens with a backlog of 2), and still quick. */
export const CONNECTIONS_PER_HOST = 2;
export const DEFAULT_PROBE_TIMEOUT_MS = 5000;
export const DEFAULT_PROBE_CONCURRENCY = 64;

export interface ProbeRequest {
  readonly targets: readonly ProbeTargetAddress[];
  readonly timeoutMs: number;
  /** The most connections open at once, over every target. */
  readonly concurrency: number;
  readonly onProgress?: (done: number, total: number, last: ProbeTarget) => void;
}

/** The targets named on the command line and in a --hosts file, each bad one with its reason. */
export function targetsFrom(
  args: readonly string[],
  hostsFile: string | undefined,
): { targets: ProbeTargetAddress[]; problems: string[] } {
  const targets: ProbeTargetAddress[] = [];
  const problems: string[] = [];
  for (const a of args) {
    const t = parseTarget(a);
    if (t.ok) targets.push(t.value);
    else problems.push(t.reason);
  }
  if (hostsFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(hostsFile, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(
        `--hosts ${hostsFile}: ${code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}`,
      );
      return { targets, problems };
    }
    const fromFile = parseHostsFile(text);
    targets.push(...fromFile.targets);
    problems.push(...fromFile.problems.map((p) => `--hosts ${hostsFile}: ${p}`));
  }
  // The same listener twice is probed once, in the order first given.
  const seen = new Set<string>();
  const unique = targets.filter((t) => {
    const key = `${t.host.toLowerCase()}|${t.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { targets: unique, problems };
}

export async function probeTargets(req: ProbeRequest): Promise<ProbeDocument & { peakConnections: number }> {
  const gate = new ConnectionGate(req.concurrency, CONNECTIONS_PER_HOST);
  let done = 0;
  const generatedAt = new Date().toISOString();
  const results = await Promise.all(
    req.targets.map(async (t) => {
      const r = await probeTarget(t, { timeoutMs: req.timeoutMs, gate });
      req.onProgress?.(++done, req.targets.length, r);
      return r;
    }),
  );
  return { format: PROBE_FORMAT, generatedAt, targets: results, peakConnections: gate.peak };
}
