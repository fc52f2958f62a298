// `reg export KEY FILE` output (and regedit's): a header line, then [key] sections of "name"=data
// lines, long data wrapped with `,\` continuations, and a blank line after each key. Only what the
// export format allows is accepted: a .reg that deletes keys or values is an import file, not evidence.
import { InvalidEvidence } from './invalid-evidence';
import { decodeText, splitLines } from './text-encoding';

export type RegData =
  | { readonly type: 'REG_DWORD'; readonly value: number }
  | { readonly type: 'REG_SZ'; readonly value: string }
  | {
      readonly type:
        'REG_BINARY' | 'REG_MULTI_SZ' | 'REG_EXPAND_SZ' | 'REG_QWORD' | 'REG_NONE' | `hex(${string})`;
      readonly bytes: readonly number[];
    };

export interface RegExportKey {
  /** The key as written, hive spelled out (HKEY_LOCAL_MACHINE\…). */
  readonly path: string;
  readonly values: ReadonlyMap<string, { readonly name: string; readonly data: RegData }>;
}

export interface RegExport {
  readonly file: string;
  /** The first key, which `reg export` takes as its root: everything under it was exported. */
  readonly root: string | undefined;
  readonly keys: ReadonlyMap<string, RegExportKey>;
}

const REGEDIT5 = 'Windows Registry Editor Version 5.00';
/** regedit's "Win9x/NT4 Registration Files" export: ANSI, in the machine's code page. */
const REGEDIT4 = 'REGEDIT4';

function headerOf(text: string): string {
  return (
    text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .split(/\r?\n/, 1)[0]
      ?.trim() ?? ''
  );
}

export function looksLikeRegExport(text: string): boolean {
  const first = headerOf(text);
  return first === REGEDIT5 || first === REGEDIT4;
}

/**
 * A REGEDIT4 export is ANSI in the exporting machine's code page, which the file does not name: its
 * ASCII part reads the same in every code page, anything beyond it cannot be decoded safely.
 */
export function checkRegedit4Bytes(file: string, bytes: Uint8Array): void {
  const at = bytes.findIndex((b) => b >= 0x80);
  if (at >= 0)
    throw new InvalidEvidence(
      file,
      `a REGEDIT4 export (regedit's Win9x/NT4 format, ANSI) with a non-ASCII byte at offset ${at}: its code page is unknown, so FipsFix does not guess it. Export it again with reg export, which writes "${REGEDIT5}" in UTF-16LE`,
    );
}

const HEX_TYPES: Record<string, RegData['type']> = {
  hex: 'REG_BINARY',
  'hex(0)': 'REG_NONE',
  'hex(2)': 'REG_EXPAND_SZ',
  'hex(7)': 'REG_MULTI_SZ',
  'hex(b)': 'REG_QWORD',
};

/** Reads a quoted name or string starting at `i` (at the opening quote); returns it and the index after the closing quote. */
function readQuoted(s: string, i: number): { text: string; end: number } | undefined {
  let out = '';
  for (let j = i + 1; j < s.length; j++) {
    const ch = s[j];
    if (ch === '\\') {
      const next = s[j + 1];
      if (next === undefined) return undefined;
      out += next;
      j++;
    } else if (ch === '"') {
      return { text: out, end: j + 1 };
    } else {
      out += ch;
    }
  }
  return undefined;
}

function parseData(raw: string): RegData | undefined {
  const dword = /^dword:([0-9a-fA-F]{8})$/.exec(raw);
  if (dword) return { type: 'REG_DWORD', value: Number.parseInt(dword[1] ?? '', 16) };
  if (raw.startsWith('"')) {
    const q = readQuoted(raw, 0);
    if (!q || q.end !== raw.length) return undefined;
    return { type: 'REG_SZ', value: q.text };
  }
  const hex = /^(hex(?:\([0-9a-fA-F]+\))?):((?:[0-9a-fA-F]{2}(?:,[0-9a-fA-F]{2})*)?)$/.exec(raw);
  if (hex) {
    const label = (hex[1] ?? '').toLowerCase();
    const type = HEX_TYPES[label] ?? (label as `hex(${string})`);
    const body = hex[2] ?? '';
    const bytes = body === '' ? [] : body.split(',').map((b) => Number.parseInt(b, 16));
    return { type, bytes } as RegData;
  }
  return undefined;
}

/** Whether the bytes start like a REGEDIT4 export, read before decoding (an ANSI file may not decode). */
export function startsAsRegedit4(bytes: Uint8Array): boolean {
  let i = 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0d || bytes[i] === 0x0a || bytes[i] === 0x09)
  )
    i++;
  const head = String.fromCharCode(...bytes.subarray(i, i + REGEDIT4.length + 2));
  return /^REGEDIT4(\r|\n|$)/.test(head);
}

export function parseRegExport(file: string, bytes: Uint8Array): RegExport {
  // Checked before decoding: an ANSI export with accented names is not UTF-8, and the message
  // should say what the file is rather than only that it does not decode.
  if (startsAsRegedit4(bytes)) checkRegedit4Bytes(file, bytes);
  const { text } = decodeText(file, bytes);
  if (!looksLikeRegExport(text))
    throw new InvalidEvidence(
      file,
      `not a reg export: the first line is neither "${REGEDIT5}" nor "${REGEDIT4}"`,
    );
  if (headerOf(text) === REGEDIT4 && [...text].some((c) => c.charCodeAt(0) >= 0x80)) {
    // REGEDIT4 with a byte-order mark: converted by some tool, from a code page nobody recorded.
    throw new InvalidEvidence(
      file,
      `a REGEDIT4 export (ANSI) that holds non-ASCII characters after a conversion: its original code page is unknown. Export it again with reg export, which writes "${REGEDIT5}" in UTF-16LE`,
    );
  }
  if (!/\r?\n\s*\r?\n\s*$/.test(text)) {
    throw new InvalidEvidence(
      file,
      'ends without the blank line that reg export writes last: the file looks truncated',
    );
  }
  const lines = splitLines(text);
  const keys = new Map<string, RegExportKey>();
  let root: string | undefined;
  let current: Map<string, { name: string; data: RegData }> | undefined;
  let headerSeen = false;

  for (let n = 0; n < lines.length; n++) {
    let line = (lines[n] ?? '').replace(/^\uFEFF/, '');
    const lineNo = n + 1;
    if (!headerSeen) {
      if (line.trim() === '') continue;
      headerSeen = true;
      continue;
    }
    // Join `,\` continuations: reg export wraps long hex data at 80 columns.
    while (line.endsWith(',\\')) {
      const next = lines[n + 1];
      if (next === undefined || next.trim() === '')
        throw new InvalidEvidence(
          file,
          `line ${lineNo}: a continued value ends at the end of the file: the file is truncated`,
        );
      line = line.slice(0, -1) + next.trim();
      n++;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[')) {
      if (!trimmed.endsWith(']'))
        throw new InvalidEvidence(
          file,
          `line ${lineNo}: key line without its closing "]": the file is truncated or damaged`,
        );
      const path = trimmed.slice(1, -1);
      if (path.startsWith('-'))
        throw new InvalidEvidence(
          file,
          `line ${lineNo}: deletes a key — this is a .reg to import, not an export`,
        );
      if (path === '') throw new InvalidEvidence(file, `line ${lineNo}: empty key name`);
      root ??= path;
      current = new Map();
      keys.set(path.toUpperCase(), { path, values: current });
      continue;
    }
    if (!current) throw new InvalidEvidence(file, `line ${lineNo}: a value before any [key] line`);
    let name: string;
    let rest: string;
    if (trimmed.startsWith('@=')) {
      name = '';
      rest = trimmed.slice(2);
    } else if (trimmed.startsWith('"')) {
      const q = readQuoted(trimmed, 0);
      if (!q || trimmed[q.end] !== '=')
        throw new InvalidEvidence(
          file,
          `line ${lineNo}: cannot read the value name: ${trimmed.slice(0, 60)}`,
        );
      name = q.text;
      rest = trimmed.slice(q.end + 1);
    } else {
      throw new InvalidEvidence(file, `line ${lineNo}: not a key or value line: ${trimmed.slice(0, 60)}`);
    }
    if (rest === '-')
      throw new InvalidEvidence(
        file,
        `line ${lineNo}: deletes value "${name}" — this is a .reg to import, not an export`,
      );
    const data = parseData(rest);
    if (!data)
      throw new InvalidEvidence(
        file,
        `line ${lineNo}: cannot read the data of "${name}": ${rest.slice(0, 60)}`,
      );
    current.set(name.toUpperCase(), { name, data });
  }
  if (!root) throw new InvalidEvidence(file, 'a reg export with no key in it');
  return { file, root, keys };
}
