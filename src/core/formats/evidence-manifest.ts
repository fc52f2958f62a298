// The manifest `fipsfix collect` writes last into an evidence folder: each file's size and SHA-256,
// and what could not be collected and why. With it, a file cut short or changed after collection
// (which a reg export cut exactly at a key boundary would otherwise hide) is refused, and the gaps
// in the evidence are explained rather than guessed.
import { z } from 'zod';
import type { SeceditExportKind } from '../evidence';
import { UTC_OFFSET_PATTERN } from '../words/time';
import { InvalidEvidence } from './invalid-evidence';

export const EVIDENCE_MANIFEST_FORMAT = 'fipsfix-evidence-manifest/1';
export const EVIDENCE_MANIFEST_FILE = 'fipsfix-manifest.json';

export const EvidenceManifestSchema = z
  .object({
    format: z.literal(EVIDENCE_MANIFEST_FORMAT),
    machine: z.string().min(1),
    collectedAt: z.iso.datetime(),
    /** The server's offset from UTC then: a report made elsewhere gives the server's local times with it. */
    utcOffset: z.string().regex(UTC_OFFSET_PATTERN).optional(),
    files: z.array(
      z
        .object({
          name: z.string().min(1),
          bytes: z.number().int().min(0),
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
          /**
           * The command that wrote the file, as the administrator would type it. It is what tells a
           * plain secedit export (the local database) from one with /mergedpolicy: their INFs look alike.
           */
          command: z.string().min(1).optional(),
        })
        .strict(),
    ),
    notCollected: z.array(
      z
        .object({
          what: z.enum(['registry', 'security-policy', 'group-policy-result', 'local-gpo', 'termdd-events']),
          reason: z.string(),
        })
        .strict(),
    ),
  })
  .strict();
export type EvidenceManifest = z.infer<typeof EvidenceManifestSchema>;

export function looksLikeManifest(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes(EVIDENCE_MANIFEST_FORMAT);
}

export function parseManifest(file: string, text: string): EvidenceManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new InvalidEvidence(
      file,
      'a FipsFix evidence manifest that is not valid JSON: the folder was damaged after it was collected',
    );
  }
  const r = EvidenceManifestSchema.safeParse(raw);
  if (!r.success)
    throw new InvalidEvidence(
      file,
      `not a valid FipsFix evidence manifest: ${r.error.issues[0]?.message ?? 'invalid'}`,
    );
  return r.data;
}

/** Which secedit export a file is, by the command the manifest records for it. */
export function seceditExportKindOf(manifest: EvidenceManifest | undefined, file: string): SeceditExportKind {
  const command = manifest?.files.find((f) => f.name === file)?.command;
  if (!command || !/\bsecedit(\.exe)?\b/i.test(command) || !/\/export\b/i.test(command))
    return 'not-recorded';
  return /\/mergedpolicy\b/i.test(command) ? 'merged-policy' : 'local-database';
}

/** Every file the manifest lists must be there, with its size and (when a hasher is given) its hash. */
export function checkAgainstManifest(
  manifestFile: string,
  manifest: EvidenceManifest,
  files: readonly { readonly name: string; readonly bytes: Uint8Array }[],
  sha256?: (bytes: Uint8Array) => string,
): void {
  for (const listed of manifest.files) {
    const f = files.find((x) => x.name === listed.name);
    if (!f)
      throw new InvalidEvidence(
        listed.name,
        `listed in ${manifestFile} but missing from the folder: it was removed after collection`,
      );
    if (f.bytes.length !== listed.bytes) {
      throw new InvalidEvidence(
        listed.name,
        `${f.bytes.length} bytes, but ${listed.bytes} when it was collected (${manifestFile}): it was cut short or changed`,
      );
    }
    if (sha256 && sha256(f.bytes) !== listed.sha256)
      throw new InvalidEvidence(
        listed.name,
        `its SHA-256 differs from the one in ${manifestFile}: it was changed after collection`,
      );
  }
}
