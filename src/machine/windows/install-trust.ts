// Where an executable may be started elevated from: only FipsFix's own install folder under Program
// Files (`<ProgramFiles>\FipsFix`, where the per-machine installer and the Ansible role put it, and
// the same under Program Files (x86)), never the Windows folder as a whole: standard users may create
// files in C:\Windows\Temp and other folders below it, and a FipsFix.exe they put there must not get
// a UAC prompt that names the administrator's trust. The path is the first check; the folder's
// access lists are the second: `icacls FOLDER /save FILE /T` writes the DACL of the install folder
// and of everything in it (and once more for Program Files itself, whose delete-child right would
// let a user rename the install folder) as SDDL, which names accounts by SID in every language.
// Every ACE that applies to the object itself and allows a right that changes it (write, append,
// delete, delete child, change permissions or owner, generic write or all) must be for
// Administrators, SYSTEM or TrustedInstaller. Unchecked: the owner (icacls /save does not record it;
// an owner may rewrite the DACL) and deny ACEs (they only take rights away).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import {
  decodeToolOutput,
  spawnRunner,
  systemTool,
  windowsDirectory,
  type ProcessRunner,
} from './process-runner';
import type { SystemFolders } from './system-folders';

/** The folder the packaged app and the single-file CLI are installed to, under each Program Files. */
export const INSTALL_FOLDER_NAME = 'FipsFix';

export function trustedInstallRoots(folders: SystemFolders, paths: path.PlatformPath = path.win32): string[] {
  return folders.programFiles.map((pf) => paths.join(pf, INSTALL_FOLDER_NAME));
}

/** Accounts that may change what is started elevated: they could anyway. */
const TRUSTED_SIDS = new Set([
  'BA', // BUILTIN\Administrators
  'S-1-5-32-544',
  'SY', // NT AUTHORITY\SYSTEM
  'S-1-5-18',
  'S-1-5-80-956008885-3418522649-1831038044-1850028505-3120000256', // NT SERVICE\TrustedInstaller
]);
/**
 * CREATOR OWNER and OWNER RIGHTS name no one by themselves: CREATOR OWNER is replaced by the creator
 * of a new child (who needed a create right, which is checked), OWNER RIGHTS limits the owner.
 */
const PLACEHOLDER_SIDS = new Set(['CO', 'S-1-3-0', 'OW', 'S-1-3-4']);

/** Rights that change an object or what is in it (winnt.h). */
const CHANGING_RIGHTS =
  0x2 | // FILE_WRITE_DATA / FILE_ADD_FILE
  0x4 | // FILE_APPEND_DATA / FILE_ADD_SUBDIRECTORY
  0x10 | // FILE_WRITE_EA
  0x40 | // FILE_DELETE_CHILD
  0x100 | // FILE_WRITE_ATTRIBUTES
  0x10000 | // DELETE
  0x40000 | // WRITE_DAC
  0x80000 | // WRITE_OWNER
  0x10000000 | // GENERIC_ALL
  0x40000000; // GENERIC_WRITE

/** SDDL's two-letter access rights (Microsoft's "ACE strings" page), as masks. */
const SDDL_RIGHTS: Readonly<Record<string, number>> = {
  GA: 0x10000000,
  GR: 0x80000000,
  GW: 0x40000000,
  GX: 0x20000000,
  RC: 0x20000,
  SD: 0x10000,
  WD: 0x40000,
  WO: 0x80000,
  RP: 0x10,
  WP: 0x20,
  CC: 0x1,
  DC: 0x2,
  LC: 0x4,
  SW: 0x8,
  LO: 0x80,
  DT: 0x40,
  CR: 0x100,
  FA: 0x1f01ff,
  FR: 0x120089,
  FW: 0x120116,
  FX: 0x1200a0,
  KA: 0xf003f,
  KR: 0x20019,
  KW: 0x20006,
  KX: 0x20019,
};

const AceSchema = z
  .object({
    type: z.string().regex(/^[A-Z]{1,2}$/),
    flags: z.array(z.enum(['OI', 'CI', 'NP', 'IO', 'ID', 'SA', 'FA', 'TP', 'CR'])),
    mask: z.number().int().nonnegative(),
    sid: z.string().regex(/^([A-Z]{2}|S-1-\d+(-\d+)*)$/),
  })
  .strict();
const AclEntrySchema = z.object({ name: z.string().min(1), aces: z.array(AceSchema) }).strict();
export type AclEntry = z.infer<typeof AclEntrySchema>;

function maskOf(rights: string): number | undefined {
  if (/^0x[0-9a-f]{1,8}$/i.test(rights)) return Number.parseInt(rights.slice(2), 16);
  if (rights.length % 2 !== 0) return undefined;
  let mask = 0;
  for (let i = 0; i < rights.length; i += 2) {
    const r = SDDL_RIGHTS[rights.slice(i, i + 2)];
    if (r === undefined) return undefined;
    mask |= r;
  }
  return mask >>> 0;
}

/** The ACEs of an SDDL DACL (`D:flags(ace)(ace)…`), or undefined when it is not one. */
export function parseDacl(sddl: string): AclEntry['aces'] | undefined {
  const m = /^D:[A-Z]*((\([^()]*\))*)$/.exec(sddl.trim());
  if (!m) return undefined;
  const aces: AclEntry['aces'] = [];
  for (const ace of (m[1] ?? '').slice(1, -1).split(')(')) {
    if (ace === '') continue;
    const [type, flags, rights, , , sid] = ace.split(';');
    const mask = maskOf(rights ?? '');
    if (type === undefined || flags === undefined || mask === undefined || sid === undefined)
      return undefined;
    const flagList = flags.match(/../g) ?? [];
    if (flagList.join('') !== flags) return undefined;
    aces.push({ type, flags: flagList as AclEntry['aces'][number]['flags'], mask, sid: sid.toUpperCase() });
  }
  return aces;
}

/**
 * The entries of an `icacls … /save` file (UTF-16LE): for each object a line with its name, then a
 * line with its DACL in SDDL. The layout is what Windows writes (and /restore reads); it is checked
 * against a schema and anything else is refused, never guessed.
 */
export function parseIcaclsSave(text: string): AclEntry[] | undefined {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (lines.length === 0 || lines.length % 2 !== 0) return undefined;
  const out: AclEntry[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const aces = parseDacl(lines[i + 1] ?? '');
    if (!aces) return undefined;
    const r = AclEntrySchema.safeParse({ name: (lines[i] ?? '').trim(), aces });
    if (!r.success) return undefined;
    out.push(r.data);
  }
  return out;
}

/** icacls writes its /save file in UTF-16LE, with or without a byte-order mark. */
function decodeAclFile(bytes: Uint8Array): string {
  if (bytes[0] !== 0xff && bytes[1] === 0) return new TextDecoder('utf-16le').decode(bytes);
  return decodeToolOutput(bytes);
}

/** Every ACE that lets someone other than Administrators, SYSTEM or TrustedInstaller change an object. */
export function untrustedWriters(
  entries: readonly AclEntry[],
): { name: string; sid: string; mask: number }[] {
  const found: { name: string; sid: string; mask: number }[] = [];
  for (const e of entries)
    for (const a of e.aces) {
      if (a.type !== 'A' || a.flags.includes('IO')) continue;
      if (TRUSTED_SIDS.has(a.sid) || PLACEHOLDER_SIDS.has(a.sid)) continue;
      if ((a.mask & CHANGING_RIGHTS) !== 0) found.push({ name: e.name, sid: a.sid, mask: a.mask });
    }
  return found;
}

const SID_NAMES: Readonly<Record<string, string>> = {
  BU: 'Users',
  AU: 'Authenticated Users',
  WD: 'Everyone',
  IU: 'INTERACTIVE',
  AC: 'ALL APPLICATION PACKAGES',
};

/**
 * Refusal reason when the install folder `root` (holding the executable) or Program Files above it can
 * be changed by anyone but administrators, or when that cannot be checked; undefined when it holds.
 */
export async function installFolderProblem(
  root: string,
  runner: ProcessRunner = spawnRunner,
  windowsDir?: string,
): Promise<string | undefined> {
  const icacls = systemTool(windowsDir ?? windowsDirectory(), 'icacls');
  const work = mkdtempSync(path.join(tmpdir(), 'fipsfix-acl-'));
  try {
    const entries: AclEntry[] = [];
    for (const [target, recursive] of [
      [root, true],
      [path.win32.dirname(root), false],
    ] as const) {
      const file = path.join(work, `${entries.length}.acl`);
      const r = await runner.run(icacls, [target, '/save', file, ...(recursive ? ['/T'] : []), '/C', '/Q'], {
        timeoutMs: 60_000,
      });
      if (r.status !== 0)
        return `the access list of ${target} could not be read (icacls ${r.error?.message ?? `exit ${String(r.status)}`}), so it is not known that only administrators can change it`;
      let parsed: AclEntry[] | undefined;
      try {
        parsed = parseIcaclsSave(decodeAclFile(new Uint8Array(readFileSync(file))));
      } catch {
        parsed = undefined;
      }
      if (!parsed)
        return `icacls wrote the access list of ${target} in a form FipsFix does not know, so it is not known that only administrators can change it`;
      entries.push(...parsed);
    }
    const writers = untrustedWriters(entries);
    const first = writers[0];
    if (!first) return undefined;
    return `${first.name} can be changed by ${SID_NAMES[first.sid] ?? first.sid} (rights 0x${first.mask.toString(16)}${writers.length > 1 ? `, and ${writers.length - 1} more such entries` : ''}), not only by administrators: the UAC prompt would run whatever they put there`;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * For the elevated step, before the prompt: the first program (executable or script) whose install
 * folder can be changed by others, or that lies in no trusted install folder, with the reason.
 */
export async function installProblemFor(
  programs: readonly string[],
  folders: SystemFolders,
  runner: ProcessRunner = spawnRunner,
): Promise<string | undefined> {
  const roots = trustedInstallRoots(folders);
  for (const program of programs) {
    const root = roots.find((r) => {
      const rel = path.win32.relative(r, program);
      return rel !== '' && !rel.startsWith('..') && !path.win32.isAbsolute(rel);
    });
    if (!root) return `${program} is not in FipsFix's install folder (${roots.join(', ')})`;
    const problem = await installFolderProblem(root, runner, folders.windows);
    if (problem) return problem;
  }
  return undefined;
}
