// What every exporter takes and gives: a server's diagnosis in, files out. Apart from export.ts, so the
// exporters it calls do not import it back.
import type { Diagnosis } from '../diagnosis-schema';

export interface ExportTarget {
  readonly server: string;
  readonly diagnosis: Diagnosis;
  readonly file?: string;
}

export interface ExportedFile {
  /** Relative to --out, with / separators. */
  readonly path: string;
  readonly content: string | Uint8Array;
}
