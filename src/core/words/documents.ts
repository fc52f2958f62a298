// FipsFix's own documents by name, for a person who passed one where another was expected
// (`--machine diagnosis.json`): what the file is, and what to pass instead, never a schema message.
import { BACKUP_FORMAT } from '../backup';
import { DIAGNOSIS_FORMAT } from '../diagnosis-schema';
import { EVIDENCE_MANIFEST_FORMAT } from '../formats/evidence-manifest';
import { PLAN_FORMAT } from '../plan';
import { REPORT_FORMAT } from '../report';
import { quoteArgument } from './command-line';

interface DocumentWords {
  /** What the file is: "a FipsFix diagnosis (what fipsfix diagnose --json writes)". */
  readonly is: string;
  /** Where it is read instead, with `FILE` standing for the file's path. */
  readonly readWith: string;
}

const FLEET_READERS =
  "'fipsfix fleet summarize FILE' summarises it, 'fipsfix export --as reg --from FILE' exports from it";

const DOCUMENT_WORDS: Readonly<Record<string, DocumentWords>> = {
  [DIAGNOSIS_FORMAT]: {
    is: 'a FipsFix diagnosis (what fipsfix diagnose --json writes)',
    readWith: FLEET_READERS,
  },
  [REPORT_FORMAT]: {
    is: 'a FipsFix report (what fipsfix report --format json writes)',
    readWith: FLEET_READERS,
  },
  [PLAN_FORMAT]: {
    is: 'a FipsFix plan (what fipsfix plan --json writes)',
    readWith: 'a plan is made again from the machine by fipsfix plan and fipsfix apply; it is not read back',
  },
  [BACKUP_FORMAT]: {
    is: 'a FipsFix backup',
    readWith: "'fipsfix rollback FILE' restores it, 'fipsfix report --from FILE' reports on it",
  },
  [EVIDENCE_MANIFEST_FORMAT]: {
    is: "an evidence folder's manifest (fipsfix collect writes it)",
    readWith: "pass the folder that holds it: 'fipsfix diagnose --evidence FOLDER'",
  },
};

/** A FipsFix document that is not the kind expected, in words; undefined for anything else. */
export function otherDocumentWords(raw: unknown, expected: string, file: string): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const own = (raw as Record<string, unknown>)['format'];
  // A backup holds its format inside its content.
  const content = (raw as Record<string, unknown>)['content'];
  const nested =
    typeof content === 'object' && content !== null
      ? (content as Record<string, unknown>)['format']
      : undefined;
  const format = typeof own === 'string' ? own : typeof nested === 'string' ? nested : undefined;
  const words = format !== undefined ? DOCUMENT_WORDS[format] : undefined;
  if (!words) return undefined;
  return `${words.is}, not ${expected}: ${words.readWith.replaceAll('FILE', quoteArgument(file))}`;
}
