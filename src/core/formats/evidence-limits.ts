// How much of an evidence folder FipsFix reads, said once: the folder reader (src/machine) enforces
// the byte caps before it reads, the XML parser the element caps while it parses, and
// docs/evidence-folder.md gives the same figures. Real exports are far below them: a domain
// server's gpresult is at most a few MB, a reg export of the keys FipsFix asks for a few KB, a
// Registry.pol or secedit export tens of KB. Anything beyond is refused, naming the file and the cap,
// rather than read: a folder must not be able to exhaust the memory of the machine reading it.
import type { EvidenceFormat } from '../evidence';

const MiB = 1024 * 1024;

/** Every file is first read only this far: its format is recognised from this prefix alone. */
export const SNIFF_BYTES = 64 * 1024;

export type FolderFormat = Exclude<EvidenceFormat, 'simulated-machine' | 'live-registry'>;

/** The most FipsFix reads of one file of each format. */
export const MAX_BYTES_BY_FORMAT: Readonly<Record<FolderFormat | 'evidence-manifest', number>> = {
  'gpresult-xml': 8 * MiB,
  'wevtutil-xml': 4 * MiB,
  'rsop-json': 4 * MiB,
  'reg-export': 2 * MiB,
  'secedit-export': 1 * MiB,
  'registry-pol': 1 * MiB,
  // A server's own probe (wire-probe.json): a few KB per listener.
  'wire-probe': 1 * MiB,
  'evidence-manifest': 256 * 1024,
};

/**
 * The most FipsFix reads of one folder, all files together (prefixes of skipped files included).
 * The worst folder within these caps is read in under 2 s and 256 MiB (`npm run bench`).
 */
export const MAX_FOLDER_BYTES = 12 * MiB;

/** At most this many entries in a folder are looked at; a folder of more is refused. */
export const MAX_FOLDER_ENTRIES = 1000;

/**
 * XML is parsed to a tree only this large. A real gpresult has some thousands of elements (tens of
 * thousands for a server with hundreds of GPOs), nested about a dozen deep.
 */
export const XML_LIMITS = { elements: 100_000, attributes: 200_000, depth: 64 } as const;

export function mebibytes(bytes: number): string {
  return bytes >= MiB ? `${+(bytes / MiB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** The refusal of a file larger than its format's cap, in words that name both. */
export function tooLargeProblem(format: FolderFormat | 'evidence-manifest', size: number): string {
  return `${mebibytes(size)}, more than the ${mebibytes(MAX_BYTES_BY_FORMAT[format])} FipsFix reads of a ${FORMAT_NAMES[format]}: no real export is that large, so it is refused rather than read (limits in docs/evidence-folder.md)`;
}

export const FORMAT_NAMES: Readonly<Record<FolderFormat | 'evidence-manifest', string>> = {
  'gpresult-xml': 'gpresult XML report',
  'wevtutil-xml': 'wevtutil event export',
  'rsop-json': 'RSoP export (rsop.json)',
  'reg-export': 'reg export',
  'secedit-export': 'secedit export',
  'registry-pol': 'Registry.pol',
  'wire-probe': 'wire probe (wire-probe.json)',
  'evidence-manifest': 'FipsFix evidence manifest',
};
