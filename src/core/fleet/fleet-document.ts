// One file a fleet run collected, classified from its bytes: a FipsFix diagnosis (`fipsfix diagnose
// --json`, what every server of an Ansible run writes), a FipsFix report (`fipsfix report --format
// json`), a file that is not ours (foreign), or one of ours that cannot be trusted (unreadable:
// truncated, corrupt, not matching its schema). Pure: the shell reads the bytes.
// A bad file is named with the reason and never stops the summary of the others.
import { DIAGNOSIS_FORMAT, DiagnosisSchema, type Diagnosis } from '../diagnosis-schema';
import { exitCodeForDiagnosis, type ExitCode } from '../exit-codes';
import { tryDecodeText } from '../formats/text-encoding';
import { REPORT_FORMAT, ReportSchema } from '../report';

/** A diagnosis is a few kilobytes; anything far larger is not one, and is not parsed. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

export interface ServerDocument {
  readonly kind: 'server';
  readonly file: string;
  /** The server's name: the diagnosis's, the report's, else the file's name (Ansible names fetched files after the host). */
  readonly server: string;
  readonly from: 'diagnosis' | 'report' | 'fix report' | 'rollback report';
  /** When the document says (reports do; a bare diagnosis does not). */
  readonly generatedAt?: string;
  /** The state the document last saw: after the fix for a fix report that re-diagnosed. */
  readonly diagnosis: Diagnosis;
  readonly exitCode: ExitCode;
}

export type FleetDocument =
  | ServerDocument
  | { readonly kind: 'foreign'; readonly file: string; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly file: string; readonly reason: string };

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.json$/i, '') || name;
}

function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const i = error.issues[0];
  if (!i) return 'does not match its schema';
  return `${i.path.length > 0 ? i.path.map(String).join('.') : '(document)'}: ${i.message}`;
}

function describeJsonValue(v: unknown): string {
  if (Array.isArray(v)) return 'a JSON array';
  if (v === null) return 'JSON null';
  if (typeof v !== 'object') return `a JSON ${typeof v}`;
  const format = (v as Record<string, unknown>)['format'];
  return typeof format === 'string'
    ? `JSON of another format ("${format.slice(0, 60)}")`
    : 'a JSON object without a "format" field';
}

/** A file far larger than any FipsFix document: named, never read into memory. */
export function tooLargeDocument(file: string, size: number): FleetDocument {
  return {
    kind: 'foreign',
    file,
    reason: `${(size / 1024 / 1024).toFixed(1)} MB: far larger than any FipsFix document (at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB are read); not read`,
  };
}

export function classifyFleetDocument(file: string, bytes: Uint8Array): FleetDocument {
  if (bytes.length === 0) return { kind: 'unreadable', file, reason: 'empty file' };
  if (bytes.length > MAX_DOCUMENT_BYTES) return tooLargeDocument(file, bytes.length);
  const decoded = tryDecodeText(bytes);
  if ('problem' in decoded) return { kind: 'foreign', file, reason: `not text: ${decoded.problem}` };
  const text = decoded.text.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return { kind: 'foreign', file, reason: 'not JSON' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // Our documents start with {"format":"fipsfix-…": a cut-off one is ours, damaged.
    const ours = /^\{\s*"format"\s*:\s*"fipsfix-/.test(text);
    const why = e instanceof Error ? e.message : String(e);
    return ours
      ? { kind: 'unreadable', file, reason: `a FipsFix document that is truncated or corrupt (${why})` }
      : { kind: 'unreadable', file, reason: `corrupt or truncated JSON (${why})` };
  }
  const format =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)['format']
      : undefined;
  if (format === DIAGNOSIS_FORMAT) {
    const r = DiagnosisSchema.safeParse(value);
    if (!r.success)
      return {
        kind: 'unreadable',
        file,
        reason: `a FipsFix diagnosis that does not match its schema (${firstIssue(r.error)})`,
      };
    const d = r.data;
    return {
      kind: 'server',
      file,
      server: d.machine.name ?? baseName(file),
      from: 'diagnosis',
      diagnosis: d,
      exitCode: exitCodeForDiagnosis(d),
    };
  }
  if (format === REPORT_FORMAT) {
    const r = ReportSchema.safeParse(value);
    if (!r.success)
      return {
        kind: 'unreadable',
        file,
        reason: `a FipsFix report that does not match its schema (${firstIssue(r.error)})`,
      };
    const rep = r.data;
    // A fix report that diagnosed again says how the server is now; otherwise the diagnosis it holds.
    const d = rep.diagnosisAfter ?? rep.diagnosis;
    const from = rep.kind === 'fix' ? 'fix report' : rep.kind === 'rollback' ? 'rollback report' : 'report';
    return {
      kind: 'server',
      file,
      server: d.machine.name ?? (rep.machine.name !== 'unknown' ? rep.machine.name : baseName(file)),
      from,
      generatedAt: rep.generatedAt,
      diagnosis: d,
      exitCode: exitCodeForDiagnosis(d),
    };
  }
  if (typeof format === 'string' && format.startsWith('fipsfix-')) {
    return {
      kind: 'foreign',
      file,
      reason: `a FipsFix document of another kind or version ("${format.slice(0, 60)}"), not a diagnosis or report this version reads`,
    };
  }
  return { kind: 'foreign', file, reason: describeJsonValue(value) };
}
