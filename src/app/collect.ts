// `fipsfix collect`: an evidence folder written on this Windows server with its own tools, for
// analysis anywhere with --evidence.
import { InvalidEvidence } from '../core/formats/invalid-evidence';
import { writeEvidenceFolder, type EvidenceFolderWritten } from '../machine/windows/policy-evidence';

export type { EvidenceFolderWritten } from '../machine/windows/policy-evidence';

export function collectEvidenceFolder(out: string): Promise<EvidenceFolderWritten> {
  if (process.platform !== 'win32') {
    throw new InvalidEvidence(
      'collect',
      'collect reads this Windows server with its own tools; on another machine use "fipsfix diagnose --machine …" or analyse a folder collected on the server with --evidence',
    );
  }
  return writeEvidenceFolder(out);
}
