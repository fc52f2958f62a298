// Writes evidence bytes in Windows' formats for tests that need a variant of a fixture.
import { encodeUtf16leWithBom } from '../src/core/formats/text-encoding';

/** Kept under the tests' own name; the product's encoder is the one tested. */
export const utf16leWithBom = encodeUtf16leWithBom;

function utf16z(s: string): number[] {
  const out: number[] = [];
  for (const ch of s + '\0') {
    const c = ch.charCodeAt(0);
    out.push(c & 0xff, c >> 8);
  }
  return out;
}

const delim = (c: string): number[] => [c.charCodeAt(0), 0];
const dword = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** A Registry.pol (PReg v1) holding REG_DWORD records, as the Group Policy editor writes them. */
export function encodePol(records: readonly { key: string; value: string; dword: number }[]): Uint8Array {
  const out: number[] = [0x50, 0x52, 0x65, 0x67, ...dword(1)];
  for (const r of records) {
    out.push(
      ...delim('['),
      ...utf16z(r.key),
      ...delim(';'),
      ...utf16z(r.value),
      ...delim(';'),
      ...dword(4),
      ...delim(';'),
      ...dword(4),
      ...delim(';'),
      ...dword(r.dword),
      ...delim(']'),
    );
  }
  return new Uint8Array(out);
}
