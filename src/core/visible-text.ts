// Text from evidence, file names and registry values, made safe to show: every control character is
// written as a visible escape. Raw, `ESC ] 0 ; … BEL` retitles a terminal window and `ESC [ 2 J`
// clears it; a newline in a file name forges a whole output line; a right-to-left override makes
// "gpo.reg" read as something else. The CLI's human output, error messages and the HTML and PDF
// reports pass what they show through `visible`; JSON output is left exact (JSON.stringify already
// escapes what JSON must).

/** Escapes with a name of their own; every other one is written \xHH (or \u{HHHH} above 0xFF). */
const NAMED: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r', 0x1b: '\\x1b' };

/**
 * C0 controls, DEL and C1 controls (0x9B is a one-byte CSI to some terminals), and the invisible
 * format characters that reorder or hide text: soft hyphen, Arabic letter mark, Mongolian vowel
 * separator, zero-width and directional marks, line and paragraph separators, bidirectional
 * embeddings, overrides and isolates, word joiner and invisible operators, byte-order mark,
 * interlinear annotation controls. One list, for the quick scan and for each character.
 */
const INVISIBLE =
  '\\x00-\\x1f\\x7f-\\x9f\\xad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb';
const ONE_INVISIBLE = new RegExp(`^[${INVISIBLE}]$`);
/** Any of them, or any surrogate (the paired ones are let through one by one below). */
const MAYBE_INVISIBLE = new RegExp(`[${INVISIBLE}\\ud800-\\udfff]`);

const isInvisible = (c: number): boolean => ONE_INVISIBLE.test(String.fromCharCode(c));

function escape(c: number): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u{${c.toString(16).toUpperCase()}}`;
}

/**
 * `text` with every control and invisible format character escaped (a lone surrogate too). With
 * `keep: 'line-breaks'`, newlines and tabs stay as they are: for whole texts FipsFix laid out itself,
 * whose values were escaped one by one before (so no value brings a line break of its own).
 */
export function visible(text: string, keep: 'nothing' | 'line-breaks' = 'nothing'): string {
  // Most text has none of them: one native scan says so, without looking at each character here.
  if (!MAYBE_INVISIBLE.test(text)) return text;
  let out: string[] | undefined;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let bad: boolean;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      bad = true;
    } else
      bad =
        (c >= 0xdc00 && c <= 0xdfff) ||
        (isInvisible(c) && !(keep === 'line-breaks' && (c === 0x0a || c === 0x09)));
    if (!bad) continue;
    out ??= [];
    out.push(text.slice(from, i), escape(c));
    from = i + 1;
  }
  if (out === undefined) return text;
  out.push(text.slice(from));
  return out.join('');
}

/** The same value with every string in it made `visible`: for a structure about to become human text. */
export function visibleStrings<T>(value: T): T {
  if (typeof value === 'string') return visible(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => visibleStrings(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = visibleStrings(v);
    return out as T;
  }
  return value;
}
