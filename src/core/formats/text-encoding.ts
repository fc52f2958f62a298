// Windows exports are UTF-16LE with a byte-order mark (reg export, secedit, gpresult); some tools
// and people convert them to UTF-8. Anything else is refused rather than guessed.
import { SNIFF_BYTES } from './evidence-limits';
import { InvalidEvidence } from './invalid-evidence';

export type TextEncoding = 'utf-16le-bom' | 'utf-16le' | 'utf-8-bom' | 'utf-8';

export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
}

function decode(label: 'utf-16le' | 'utf-8', bytes: Uint8Array, partial = false): string | undefined {
  try {
    // A prefix may end inside a character: `stream` holds an incomplete last one back instead of failing.
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes, { stream: partial });
  } catch {
    return undefined;
  }
}

/** Looks like UTF-16LE without a BOM: ASCII text with a NUL after every character. */
function looksLikeBomlessUtf16le(bytes: Uint8Array, partial: boolean): boolean {
  if (bytes.length < 4 || (bytes.length % 2 !== 0 && !partial)) return false;
  const n = Math.min(bytes.length, 64);
  for (let i = 1; i < n; i += 2) if (bytes[i] !== 0) return false;
  return bytes[0] !== 0;
}

/**
 * Decodes, or returns a reason in words why the bytes are not text in an accepted encoding. With
 * `partial`, the bytes are the first part of a file (what its format is recognised from).
 */
export function tryDecodeText(
  bytes: Uint8Array,
  partial = false,
): DecodedText | { readonly problem: string } {
  let result: DecodedText | undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    if (bytes.length % 2 !== 0 && !partial)
      return { problem: 'UTF-16LE text with an odd number of bytes: the file is cut short' };
    const text = decode('utf-16le', bytes.subarray(2), partial);
    if (text === undefined) return { problem: 'not valid UTF-16LE text' };
    result = { text, encoding: 'utf-16le-bom' };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { problem: 'UTF-16 big-endian text; Windows writes these exports as UTF-16LE' };
  } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = decode('utf-8', bytes.subarray(3), partial);
    if (text === undefined) return { problem: 'not valid UTF-8 text' };
    result = { text, encoding: 'utf-8-bom' };
  } else if (looksLikeBomlessUtf16le(bytes, partial)) {
    const text = decode('utf-16le', bytes, partial);
    if (text === undefined) return { problem: 'not valid UTF-16LE text' };
    result = { text, encoding: 'utf-16le' };
  } else {
    const text = decode('utf-8', bytes, partial);
    if (text === undefined)
      return {
        problem:
          'neither UTF-16LE nor UTF-8 text (an ANSI code page?); export it again with the Windows tool',
      };
    result = { text, encoding: 'utf-8' };
  }
  if (result.text.includes('\u0000'))
    return { problem: 'text with NUL characters: not a text export, or in a different encoding' };
  return result;
}

/**
 * What a file's format is recognised from: its first SNIFF_BYTES, decoded. Recognising a file never
 * reads (or decodes, or searches) more than that, however large the file is.
 */
export function sniffedText(bytes: Uint8Array): DecodedText | { readonly problem: string } {
  return bytes.length > SNIFF_BYTES
    ? tryDecodeText(bytes.subarray(0, SNIFF_BYTES), true)
    : tryDecodeText(bytes);
}

export function decodeText(file: string, bytes: Uint8Array): DecodedText {
  const r = tryDecodeText(bytes);
  if ('problem' in r) throw new InvalidEvidence(file, r.problem);
  return r;
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Text as Windows writes its exports and templates: UTF-16LE with a byte-order mark. */
export function encodeUtf16leWithBom(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c & 0xff;
    out[3 + i * 2] = c >> 8;
  }
  return out;
}
