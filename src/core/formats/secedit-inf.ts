// `secedit /export /cfg FILE /areas SECURITYPOLICY`: a UTF-16LE INF whose [Registry Values]
// section holds security options as `MACHINE\…\Name=type,data`. Sections may come in any order;
// secedit writes [Version] (signature="$CHICAGO$") last, so only a file in secedit's own order
// that lacks it is taken for one cut short; any other file without it is a hand-written template.
import type { EvidenceOrigin, SecurityOptionReading, SecurityPolicyExport } from '../evidence';
import { WATCHED_VALUES, keyUnderLocalMachine, sameRegistryName } from '../settings';
import { InvalidEvidence } from './invalid-evidence';
import { decodeText, splitLines } from './text-encoding';

const SECTION_NAMES = new Set([
  'UNICODE',
  'VERSION',
  'SYSTEM ACCESS',
  'REGISTRY VALUES',
  'PRIVILEGE RIGHTS',
  'EVENT AUDIT',
]);

/** How far into a file its first sections are looked for: templates name one in their first lines. */
const SNIFF_CHARS = 16 * 1024;

/**
 * One of secedit's section headers on a line of its own, within the first lines, and no markup:
 * a scan of a bounded prefix line by line (a multiline `^\s*` regex restarted at every blank line).
 */
export function looksLikeSeceditExport(text: string): boolean {
  const head = text.slice(0, SNIFF_CHARS);
  if (head.trimStart().startsWith('<')) return false;
  // The last line of the prefix may be cut: only whole lines count.
  const lines = head.split('\n');
  if (text.length > head.length) lines.pop();
  return lines.some((raw) => {
    const line = raw.trim();
    return line.startsWith('[') && line.endsWith(']') && SECTION_NAMES.has(line.slice(1, -1).toUpperCase());
  });
}

type Sections = Map<string, string[]>;

function sectionsOf(text: string): Sections {
  const sections: Sections = new Map();
  let current: string[] | undefined;
  for (const raw of splitLines(text)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) continue;
    if (line.length > 2 && line.startsWith('[') && line.endsWith(']')) {
      current = [];
      sections.set(line.slice(1, -1).toUpperCase(), current);
    } else if (current) {
      current.push(line);
    }
  }
  return sections;
}

function readOption(
  file: string,
  values: readonly string[],
  id: 'fips-algorithm-policy' | 'fips-algorithm-policy-legacy',
): SecurityOptionReading {
  const w = WATCHED_VALUES[id];
  const fullKey = `${w.key}\\${w.name}`;
  for (const line of values) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const path = keyUnderLocalMachine(line.slice(0, eq).trim());
    if (path === undefined || !sameRegistryName(path, fullKey)) continue;
    const origin: EvidenceOrigin = { file, format: 'secedit-export', location: `[Registry Values] ${line}` };
    const m = /^(\d+),\s*"?(-?\d+)"?$/.exec(line.slice(eq + 1).trim());
    if (!m)
      throw new InvalidEvidence(
        file,
        `cannot read the FIPS security option line "${line}" (expected type,data such as 4,1)`,
      );
    if (m[1] !== '4')
      throw new InvalidEvidence(
        file,
        `the FIPS security option has registry type ${m[1]} in "${line}"; it is a DWORD (type 4)`,
      );
    const data = Number(m[2]);
    if (data < w.min || data > w.max)
      throw new InvalidEvidence(
        file,
        `the FIPS security option is ${data} in "${line}"; only 0 (Disabled) or 1 (Enabled) are valid`,
      );
    return { state: 'defined', data, origin };
  }
  return {
    state: 'not-defined',
    origin: { file, format: 'secedit-export', location: `[Registry Values] has no ${fullKey} line` },
  };
}

/**
 * The sections `secedit /export` writes, in the order it writes them: [Version] comes last
 * (shared samples and public exports; the rarer sections' place is inferred). Only a file that
 * follows this order is shaped like a secedit export, so only there does a missing [Version] mean
 * the file was cut short.
 */
const SECEDIT_SECTION_ORDER = [
  'UNICODE',
  'SYSTEM ACCESS',
  'EVENT AUDIT',
  'KERBEROS POLICY',
  'SYSTEM LOG',
  'SECURITY LOG',
  'APPLICATION LOG',
  'REGISTRY VALUES',
  'PRIVILEGE RIGHTS',
  'GROUP MEMBERSHIP',
  'SERVICE GENERAL SETTING',
  'REGISTRY KEYS',
  'FILE SECURITY',
  'VERSION',
];

function inSeceditOrder(names: readonly string[]): boolean {
  if (names[0] !== 'UNICODE') return false;
  let at = 0;
  for (const n of names) {
    const i = SECEDIT_SECTION_ORDER.indexOf(n, at);
    if (i < 0) return false;
    at = i + 1;
  }
  return true;
}

/**
 * `signature="$CHICAGO$"` as secedit writes it, or `signature=$CHICAGO$` unquoted as Security
 * Compliance Manager and hand-written templates have it: INF values may be quoted or not.
 */
const CHICAGO_SIGNATURE = /^signature\s*=\s*("?)\$CHICAGO\$\1$/i;

export function parseSeceditExport(file: string, bytes: Uint8Array): SecurityPolicyExport {
  // secedit writes UTF-16LE with a byte-order mark; a template that went through another tool is
  // often UTF-8, with or without one. Both decode unambiguously; anything else is refused by
  // decodeText (an ANSI file with non-ASCII bytes is not valid UTF-8), naming the file.
  const { text } = decodeText(file, bytes);
  if (!looksLikeSeceditExport(text))
    throw new InvalidEvidence(
      file,
      'not a secedit export: no [Unicode], [Version] or [Registry Values] section',
    );
  const sections = sectionsOf(text);
  const version = sections.get('VERSION');
  if (!version) {
    throw new InvalidEvidence(
      file,
      inSeceditOrder([...sections.keys()])
        ? 'truncated: its sections come in the order secedit writes them, but [Version], which secedit writes last, is missing'
        : 'a hand-written security template without [Version] (no signature="$CHICAGO$"), not a secedit export: export the policy with secedit /export /cfg FILE /areas SECURITYPOLICY',
    );
  }
  if (!version.some((l) => CHICAGO_SIGNATURE.test(l))) {
    const got = version.find((l) => /^signature\s*=/i.test(l));
    throw new InvalidEvidence(
      file,
      `[Version] ${got ? `says ${got}` : 'has no signature line'}; a security template says signature="$CHICAGO$"`,
    );
  }
  const values = sections.get('REGISTRY VALUES') ?? [];
  return {
    fips: readOption(file, values, 'fips-algorithm-policy'),
    fipsLegacy: readOption(file, values, 'fips-algorithm-policy-legacy'),
  };
}
