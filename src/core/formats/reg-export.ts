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

/**
 * The first line, read from a bounded prefix: a header is never preceded by more than a little
 * whitespace, and the sniffing of every file in a folder must not grow with the file.
 */
function headerOf(text: string): string {
  const head = text
    .slice(0, HEADER_PREFIX)
    .replace(/^\uFEFF/, '')
    .trimStart();
  const end = head.indexOf('\n');
  return (end < 0 ? head : head.slice(0, end)).trim();
}

const HEADER_PREFIX = 4096;

/**
 * Whether the text ends as reg export ends it: with a blank line, i.e. at least two line ends in
 * its trailing whitespace. A scan back from the end, linear however much whitespace there is.
 */
function endsWithBlankLine(text: string): boolean {
  let newlines = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i] as string;
    if (c === '\n') {
      if (++newlines >= 2) return true;
    } else if (!WHITESPACE.test(c)) return false;
  }
  return false;
}
const WHITESPACE = /^\s$/;

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
  // Most names and strings hold no escape: one slice, no per-character work.
  const close = s.indexOf('"', i + 1);
  if (close < 0) return undefined;
  const escape = s.indexOf('\\', i + 1);
  if (escape < 0 || escape > close) return { text: s.slice(i + 1, close), end: close + 1 };
  const parts: string[] = [];
  let from = i + 1;
  for (let j = i + 1; j < s.length; j++) {
    const ch = s[j];
    if (ch === '\\') {
      if (j + 1 >= s.length) return undefined;
      parts.push(s.slice(from, j), s[j + 1] as string);
      j++;
      from = j + 1;
    } else if (ch === '"') {
      parts.push(s.slice(from, j));
      return { text: parts.join(''), end: j + 1 };
    }
  }
  return undefined;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** `XX,XX,…` as bytes, or undefined; one scan (no regex, no split), linear in a value of any length. */
function hexBytes(body: string): number[] | undefined {
  if (body === '') return [];
  if ((body.length + 1) % 3 !== 0) return undefined;
  const out: number[] = [];
  for (let i = 0; i < body.length; i += 3) {
    const hi = hexDigit(body.charCodeAt(i));
    const lo = hexDigit(body.charCodeAt(i + 1));
    if (hi < 0 || lo < 0 || (i + 2 < body.length && body[i + 2] !== ',')) return undefined;
    out.push(hi * 16 + lo);
  }
  return out;
}

function parseData(raw: string): RegData | undefined {
  const dword = /^dword:([0-9a-fA-F]{8})$/.exec(raw);
  if (dword) return { type: 'REG_DWORD', value: Number.parseInt(dword[1] ?? '', 16) };
  if (raw.startsWith('"')) {
    const q = readQuoted(raw, 0);
    if (!q || q.end !== raw.length) return undefined;
    return { type: 'REG_SZ', value: q.text };
  }
  const colon = raw.indexOf(':');
  const label = colon < 0 ? '' : raw.slice(0, colon);
  if (!/^hex(\([0-9a-fA-F]{1,8}\))?$/.test(label)) return undefined;
  const bytes = hexBytes(raw.slice(colon + 1));
  if (!bytes) return undefined;
  const lower = label.toLowerCase();
  return { type: HEX_TYPES[lower] ?? (lower as `hex(${string})`), bytes } as RegData;
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
  if (headerOf(text) === REGEDIT4 && /[\u0080-\uffff]/.test(text)) {
    // REGEDIT4 with a byte-order mark: converted by some tool, from a code page nobody recorded.
    throw new InvalidEvidence(
      file,
      `a REGEDIT4 export (ANSI) that holds non-ASCII characters after a conversion: its original code page is unknown. Export it again with reg export, which writes "${REGEDIT5}" in UTF-16LE`,
    );
  }
  if (!endsWithBlankLine(text)) {
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
    const raw = lines[n] ?? '';
    // A byte-order mark may start any line (exports joined with `type a.reg b.reg`).
    let line = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const lineNo = n + 1;
    if (!headerSeen) {
      if (line.trim() === '') continue;
      headerSeen = true;
      continue;
    }
    // Join `,\` continuations: reg export wraps long hex data at 80 columns. Each piece is checked
    // on its own and the pieces joined once, so a value of many lines stays linear.
    if (line.endsWith(',\\')) {
      const pieces = [line.slice(0, -1)];
      let piece = line;
      while (piece.endsWith(',\\')) {
        const next = lines[n + 1];
        if (next === undefined || next.trim() === '')
          throw new InvalidEvidence(
            file,
            `line ${lineNo}: a continued value ends at the end of the file: the file is truncated`,
          );
        piece = next.trim();
        pieces.push(piece.endsWith(',\\') ? piece.slice(0, -1) : piece);
        n++;
      }
      line = pieces.join('');
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
