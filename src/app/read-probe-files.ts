// Probe documents among the fleet's files: `fleet summarize` classifies every file first (a probe
// document is "foreign" to the diagnosis summary), then this reads back just those foreign files
// that are probe documents. Kept beside read-fleet-files.ts rather than inside it.
import { openRegularFile } from '../machine/regular-file';
import type { FleetDocument, ServerDocument } from '../core/fleet/fleet-document';
import type { FleetSummary } from '../core/fleet/summarize';
import {
  MAX_PROBE_DOCUMENT_BYTES,
  parseProbeFile,
  probedServers,
  type ProbeFile,
} from '../core/fleet/wire-summary';
import { readFleetDocument } from './read-fleet-files';
import { looksLikeProbeDocument } from '../core/wire/probe-document';

function head(file: string): string {
  const f = openRegularFile(file);
  try {
    return f.read(256).toString('utf8');
  } finally {
    f.close();
  }
}

export function separateProbeDocuments(docs: readonly FleetDocument[]): {
  probes: ProbeFile[];
  others: FleetDocument[];
} {
  const probes: ProbeFile[] = [];
  const others: FleetDocument[] = [];
  for (const d of docs) {
    if (d.kind !== 'foreign') {
      others.push(d);
      continue;
    }
    try {
      if (!looksLikeProbeDocument(head(d.file).replace(/^\uFEFF/, ''))) {
        others.push(d);
        continue;
      }
      const f = openRegularFile(d.file);
      let bytes: Buffer;
      try {
        bytes = f.read(MAX_PROBE_DOCUMENT_BYTES + 1);
      } finally {
        f.close();
      }
      const size = bytes.length;
      if (size > MAX_PROBE_DOCUMENT_BYTES) {
        others.push({
          ...d,
          reason: `a probe document of ${(size / 1024 / 1024).toFixed(0)} MB: more than is read`,
        });
        continue;
      }
      const r = parseProbeFile(d.file, bytes);
      if (r.ok) probes.push(r.value);
      else others.push({ kind: 'unreadable', file: d.file, reason: r.reason });
    } catch {
      others.push(d);
    }
  }
  return { probes, others };
}

/**
 * The diagnoses the probes are matched against, read whole: only the probed servers' (the newest
 * document of each, the one the summary counted), not the whole fleet a second time.
 */
export function probedServerDocuments(
  summary: Pick<FleetSummary, 'servers'>,
  probes: readonly ProbeFile[],
): ServerDocument[] {
  const wanted = probedServers(probes);
  if (wanted.size === 0) return [];
  return summary.servers
    .filter((l) => wanted.has(l.server.toUpperCase()))
    .map((l) => readFleetDocument(l.file))
    .flatMap((d) => (d.kind === 'server' ? [d] : []));
}
