// One file a fleet run collected, classified from its bytes: a FipsFix diagnosis (`fipsfix diagnose
// --json`, what every server of an Ansible run writes), a FipsFix report (`fipsfix report --format
// json`), a file that is not ours (foreign), or one of ours that cannot be trusted (unreadable:
// truncated, corrupt, not matching its schema). Pure: the shell reads the bytes.
// A bad file is named with the reason and never stops the summary of the others.
import {
  CauseSchema,
  DIAGNOSIS_FORMAT,
  DiagnosisSchema,
  EvidenceGapSchema,
  type Diagnosis,
  type FipsPolicySource,
} from '../diagnosis-schema';
import { exitCodeForDiagnosis, type ExitCode } from '../exit-codes';
import { z } from 'zod';
import { tryDecodeText, type DecodedText } from '../formats/text-encoding';
import { REPORT_FORMAT, ReportSchema } from '../report';
import type { ManagedValueId } from '../settings';

/** A diagnosis is a few kilobytes; anything far larger is not one, and is not parsed. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

/** One cause as the summary counts it. */
export interface FleetCauseView {
  readonly id: ManagedValueId;
  readonly source: FipsPolicySource;
  readonly fixableLocally: boolean;
  readonly gpo?: Diagnosis['causes'][number]['gpo'];
}

/** What the fleet summary keeps of one server's document: a few hundred bytes, whatever the document's size. */
export interface FleetServerView {
  readonly file: string;
  /** The server's name: the diagnosis's, the report's, else the file's name (Ansible names fetched files after the host). */
  readonly server: string;
  readonly from: 'diagnosis' | 'report' | 'fix report' | 'rollback report';
  /**
   * When the state the document holds was seen: a diagnosis's diagnosedAt, a report's last check
   * (after the rollback, the policy refresh, or the fix), else when it was made. Absent: not dated
   * (a diagnosis from a FipsFix before diagnosedAt).
   */
  readonly seenAt?: string;
  readonly verdict: Diagnosis['verdict'];
  /** The exit code `fipsfix diagnose` gave (or would give) on that server. */
  readonly exitCode: ExitCode;
  readonly summary: string;
  readonly causes: readonly FleetCauseView[];
}

export interface ServerDocument extends FleetServerView {
  readonly kind: 'server';
  /** The state the document last saw: after the fix for a fix report that re-diagnosed. */
  readonly diagnosis: Diagnosis;
}

/** A file that is not a server's document: another format, or one of ours that cannot be trusted. */
export type FleetProblem =
  | { readonly kind: 'foreign'; readonly file: string; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly file: string; readonly reason: string };

export type FleetDocument = ServerDocument | FleetProblem;
/** A document as the summary reads it: only the fields it counts, validated; the rest is never kept. */
export type FleetSummaryDocument = ({ readonly kind: 'server' } & FleetServerView) | FleetProblem;

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
export function tooLargeDocument(file: string, size: number): FleetProblem {
  return {
    kind: 'foreign',
    file,
    reason: `${(size / 1024 / 1024).toFixed(1)} MB: far larger than any FipsFix document (at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB are read); not read`,
  };
}

/** The bytes as JSON with its format, or why they are not one of our documents. */
/** How bytes become text: the core's decoder, or a shell's faster one that decides the same. */
export type TextDecoding = (bytes: Uint8Array) => DecodedText | { readonly problem: string };

function parseFleetBytes(
  file: string,
  bytes: Uint8Array,
  decode: TextDecoding,
): { format: unknown; value: unknown } | FleetProblem {
  if (bytes.length === 0) return { kind: 'unreadable', file, reason: 'empty file' };
  if (bytes.length > MAX_DOCUMENT_BYTES) return tooLargeDocument(file, bytes.length);
  const decoded = decode(bytes);
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
  return { format, value };
}

/** Neither a diagnosis nor a report: another FipsFix document, or another tool's. */
function notOurs(file: string, format: unknown, value: unknown): FleetProblem {
  if (typeof format === 'string' && format.startsWith('fipsfix-')) {
    return {
      kind: 'foreign',
      file,
      reason: `a FipsFix document of another kind or version ("${format.slice(0, 60)}"), not a diagnosis or report this version reads`,
    };
  }
  return { kind: 'foreign', file, reason: describeJsonValue(value) };
}

type DiagnosisView = Pick<Diagnosis, 'machine' | 'verdict' | 'summary' | 'diagnosedAt'> & {
  readonly causes: readonly FleetCauseView[];
  readonly evidenceGaps: readonly { readonly value?: string | undefined }[];
};

interface ReportView {
  readonly kind: 'diagnosis' | 'fix' | 'rollback';
  readonly generatedAt: string;
  readonly machine: { readonly name: string };
  readonly diagnosis: DiagnosisView;
  readonly diagnosisAfter?: DiagnosisView | undefined;
  readonly verification?:
    { readonly at: string; readonly afterRefresh?: { readonly checkedAt: string } | undefined } | undefined;
  readonly rollback?:
    { readonly at: string; readonly diagnosisAfter?: DiagnosisView | undefined } | undefined;
}

function viewOfDiagnosis(file: string, d: DiagnosisView): FleetServerView {
  return {
    file,
    server: d.machine.name ?? baseName(file),
    from: 'diagnosis',
    ...(d.diagnosedAt ? { seenAt: d.diagnosedAt } : {}),
    verdict: d.verdict,
    exitCode: exitCodeForDiagnosis(d),
    summary: d.summary,
    causes: d.causes.map((c) => ({
      id: c.id,
      source: c.source,
      fixableLocally: c.fixableLocally,
      ...(c.gpo ? { gpo: c.gpo } : {}),
    })),
  };
}

/** The state a report last saw, and when: after the rollback, after the fix, or its diagnosis. */
function lastSeen<D extends DiagnosisView>(rep: {
  readonly kind: ReportView['kind'];
  readonly generatedAt: string;
  readonly diagnosis: D;
  readonly diagnosisAfter?: D | undefined;
  readonly verification?: ReportView['verification'];
  readonly rollback?: { readonly at: string; readonly diagnosisAfter?: D | undefined } | undefined;
}): { d: D; at: string } {
  if (rep.kind === 'rollback' && rep.rollback)
    // Without a diagnosis after the rollback, the restored values are the ones first diagnosed.
    return { d: rep.rollback.diagnosisAfter ?? rep.diagnosis, at: rep.rollback.at };
  if (rep.diagnosisAfter)
    return {
      d: rep.diagnosisAfter,
      at: rep.verification?.afterRefresh?.checkedAt ?? rep.verification?.at ?? rep.generatedAt,
    };
  return { d: rep.diagnosis, at: rep.diagnosis.diagnosedAt ?? rep.generatedAt };
}

function viewOfReport(file: string, rep: ReportView): FleetServerView {
  const { d, at } = lastSeen(rep);
  const from = rep.kind === 'fix' ? 'fix report' : rep.kind === 'rollback' ? 'rollback report' : 'report';
  return {
    ...viewOfDiagnosis(file, d),
    server: d.machine.name ?? (rep.machine.name !== 'unknown' ? rep.machine.name : baseName(file)),
    from,
    seenAt: at,
  };
}

/** `value` checked by `schema`, then made into a document; or the file named unreadable, with the first issue. */
function checked<T, U>(
  file: string,
  what: 'diagnosis' | 'report',
  schema: z.ZodType<T>,
  value: unknown,
  then: (data: T) => U,
): U | FleetProblem {
  const r = schema.safeParse(value);
  if (!r.success)
    return {
      kind: 'unreadable',
      file,
      reason: `a FipsFix ${what} that does not match its schema (${firstIssue(r.error)})`,
    };
  return then(r.data);
}

/** A document whose every field is checked against its schema: what export plans from. */
export function classifyFleetDocument(file: string, bytes: Uint8Array): FleetDocument {
  const parsed = parseFleetBytes(file, bytes, tryDecodeText);
  if ('kind' in parsed) return parsed;
  const { format, value } = parsed;
  if (format === DIAGNOSIS_FORMAT)
    return checked(file, 'diagnosis', DiagnosisSchema, value, (d) => ({
      kind: 'server' as const,
      ...viewOfDiagnosis(file, d),
      diagnosis: d,
    }));
  if (format === REPORT_FORMAT)
    return checked(file, 'report', ReportSchema, value, (r) => ({
      kind: 'server' as const,
      ...viewOfReport(file, r),
      diagnosis: lastSeen(r).d,
    }));
  return notOurs(file, format, value);
}

// What the summary reads of a document, with the very definitions of the full schemas: every field it
// counts is checked; the evidence, remedies and words around them are not read, so a fleet of any size
// is summarised in bounded memory and time. A field it counts that is wrong makes the file unreadable.
const CauseViewSchema = CauseSchema.pick({ id: true, source: true, fixableLocally: true, gpo: true }).strip();
const DiagnosisViewSchema = DiagnosisSchema.pick({
  format: true,
  diagnosedAt: true,
  machine: true,
  verdict: true,
  summary: true,
})
  .extend({
    causes: z.array(CauseViewSchema),
    evidenceGaps: z.array(EvidenceGapSchema.pick({ value: true }).strip()),
  })
  .strip();
const ReportViewSchema = ReportSchema.pick({ format: true, kind: true, generatedAt: true })
  .extend({
    machine: z.object({ name: z.string() }).strip(),
    diagnosis: DiagnosisViewSchema,
    diagnosisAfter: DiagnosisViewSchema.optional(),
    verification: z
      .object({
        at: z.iso.datetime(),
        afterRefresh: z.object({ checkedAt: z.iso.datetime() }).strip().optional(),
      })
      .strip()
      .optional(),
    rollback: z
      .object({ at: z.iso.datetime(), diagnosisAfter: DiagnosisViewSchema.optional() })
      .strip()
      .optional(),
  })
  .strip();

/** A document as the fleet summary reads it: only what it counts, checked, and nothing else kept. */
export function classifyForSummary(
  file: string,
  bytes: Uint8Array,
  decode: TextDecoding = tryDecodeText,
): FleetSummaryDocument {
  const parsed = parseFleetBytes(file, bytes, decode);
  if ('kind' in parsed) return parsed;
  const { format, value } = parsed;
  if (format === DIAGNOSIS_FORMAT)
    return checked(file, 'diagnosis', DiagnosisViewSchema, value, (d) => ({
      kind: 'server' as const,
      ...viewOfDiagnosis(file, d),
    }));
  if (format === REPORT_FORMAT)
    return checked(file, 'report', ReportViewSchema, value, (r) => ({
      kind: 'server' as const,
      ...viewOfReport(file, r),
    }));
  return notOurs(file, format, value);
}
