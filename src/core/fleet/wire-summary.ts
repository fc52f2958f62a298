// Probe documents beside diagnoses in `fleet summarize`: which servers demand FIPS on the wire, and
// which answer otherwise than their own diagnosis says. Kept apart from the diagnosis summary
// (summarize.ts): the wire is evidence of its own kind, matched to a server by its host name.
import type { Diagnosis } from '../diagnosis-schema';
import { tryDecodeText } from '../formats/text-encoding';
import { ProbeDocumentSchema, unprobed, type ProbeDocument, type ProbeTarget } from '../wire/probe-document';
import { demandsFipsWords } from '../words/probe';
import { counted } from '../words/count';
import type { ServerDocument } from './fleet-document';

/** A probe document lists many targets; more than this is not read. */
export const MAX_PROBE_DOCUMENT_BYTES = 64 * 1024 * 1024;

export interface ProbeFile {
  readonly file: string;
  readonly document: ProbeDocument;
}

export function parseProbeFile(
  file: string,
  bytes: Uint8Array,
): { ok: true; value: ProbeFile } | { ok: false; reason: string } {
  const decoded = tryDecodeText(bytes);
  if ('problem' in decoded) return { ok: false, reason: `not text: ${decoded.problem}` };
  let json: unknown;
  try {
    json = JSON.parse(decoded.text);
  } catch (e) {
    return {
      ok: false,
      reason: `a FipsFix probe document that is truncated or corrupt (${e instanceof Error ? e.message : String(e)})`,
    };
  }
  const r = ProbeDocumentSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    return {
      ok: false,
      reason: `a FipsFix probe document that does not match its schema (${i ? `${i.path.map(String).join('.') || '(document)'}: ${i.message}` : 'invalid'})`,
    };
  }
  return { ok: true, value: { file, document: r.data } };
}

export interface WireLine {
  readonly target: string;
  /** The server whose diagnosis this target is matched to (its host name's first label). */
  readonly server?: string;
  readonly file: string;
  readonly demandsFips: boolean | null;
  readonly words: string;
}

export interface WireSummary {
  readonly documents: number;
  readonly targets: number;
  readonly demandFips: readonly WireLine[];
  /** The wire answers otherwise than the server's own diagnosis says for that listener. */
  readonly disagree: readonly (WireLine & { readonly why: string })[];
  readonly notVisible: readonly WireLine[];
  readonly unprobed: readonly WireLine[];
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** A host name's server, as Windows names it (NetBIOS-like: the first label, any case). */
function serverOfHost(host: string): string | undefined {
  if (IPV4.test(host) || host.includes(':')) return undefined;
  return host.split('.')[0]?.toUpperCase();
}

/** The servers the probe documents name (by host name), as summarizeWire matches them: upper case. */
export function probedServers(probes: readonly ProbeFile[]): Set<string> {
  const names = new Set<string>();
  for (const p of probes)
    for (const t of p.document.targets) {
      const name = serverOfHost(t.host);
      if (name) names.add(name);
    }
  return names;
}

/** The level the diagnosis puts in force on the listener at this port; undefined when it does not say. */
function configuredAt(d: Diagnosis, port: number): number | null | undefined {
  const l = d.listeners?.find((x) => x.portNumber === port);
  if (l) return l.effectiveLevel.level;
  return d.listeners && d.listeners.length > 0 ? undefined : d.effectiveLevel.level;
}

function disagreement(t: ProbeTarget, d: Diagnosis): string | undefined {
  if (t.demandsFips === null) return undefined;
  const configured = configuredAt(d, t.port);
  if (configured === undefined) return undefined;
  if (t.demandsFips && configured !== 4)
    return `answers with the FIPS level on the wire, but its diagnosis (${d.verdict}) gives that listener ${configured === null ? 'a level it could not decide' : `level ${configured}`}: a change Remote Desktop Services has not picked up, or a setting the diagnosis did not read`;
  if (!t.demandsFips && configured === 4)
    return `its diagnosis (${d.verdict}) says the listener is at FIPS, but it answered ${t.encryptionLevel ?? 'another level'} on the wire: a change Remote Desktop Services has not picked up yet`;
  return undefined;
}

export function summarizeWire(probes: readonly ProbeFile[], servers: readonly ServerDocument[]): WireSummary {
  const byServer = new Map(servers.map((s) => [s.server.toUpperCase(), s] as const));
  const demandFips: WireLine[] = [];
  const disagree: (WireLine & { why: string })[] = [];
  const notVisible: WireLine[] = [];
  const unprobedLines: WireLine[] = [];
  let targets = 0;
  for (const p of probes)
    for (const t of p.document.targets) {
      targets++;
      const name = serverOfHost(t.host);
      const doc = name ? byServer.get(name) : undefined;
      const line: WireLine = {
        target: t.target,
        ...(doc ? { server: doc.server } : {}),
        file: p.file,
        demandsFips: t.demandsFips,
        words: demandsFipsWords(t),
      };
      if (t.demandsFips === true) demandFips.push(line);
      else if (unprobed(t)) unprobedLines.push({ ...line, words: t.error?.message ?? 'unreachable' });
      else if (t.demandsFips === null) notVisible.push(line);
      const why = doc ? disagreement(t, doc.diagnosis) : undefined;
      if (why) disagree.push({ ...line, why });
    }
  return { documents: probes.length, targets, demandFips, disagree, notVisible, unprobed: unprobedLines };
}

/** The wire's counts in one sentence, for the terminal, the HTML page and the CSV alike. */
export function wireCounts(w: WireSummary): string {
  return `${counted(w.targets, 'listener')} probed in ${counted(w.documents, 'probe document')}; ${w.demandFips.length} demand FIPS, ${w.notVisible.length} do not show their level (TLS or CredSSP only), ${w.unprobed.length} could not be probed`;
}

/** Each target worth a line, with what to call it: the HTML page's and the CSV's rows. */
export function wireRows(
  w: WireSummary,
): { readonly status: string; readonly line: WireLine; readonly detail: string }[] {
  return [
    ...w.demandFips.map((line) => ({ status: 'wire-demands-fips', line, detail: line.words })),
    ...w.disagree.map((line) => ({ status: 'wire-disagrees', line, detail: line.why })),
    ...w.notVisible.map((line) => ({ status: 'wire-level-not-shown', line, detail: line.words })),
    ...w.unprobed.map((line) => ({ status: 'wire-not-probed', line, detail: line.words })),
  ];
}

export function wireSummaryText(w: WireSummary): string {
  if (w.documents === 0) return '';
  const out = ['', `On the wire: ${wireCounts(w)}.`];
  if (w.demandFips.length > 0)
    out.push(
      'Demand FIPS on the wire:',
      ...w.demandFips.map((l) => `  ${l.target}${l.server ? ` (${l.server})` : ''}`),
    );
  if (w.disagree.length > 0)
    out.push(
      'Disagree with their own diagnosis:',
      ...w.disagree.map((l) => `  ${l.target}${l.server ? ` (${l.server})` : ''}: ${l.why}`),
    );
  if (w.unprobed.length > 0) out.push('Not probed:', ...w.unprobed.map((l) => `  ${l.target}: ${l.words}`));
  return `${out.join('\n')}\n`;
}
