// Writes evidence bytes in Windows' formats for tests that need a variant of a fixture.

export function utf16leWithBom(text: string): Uint8Array {
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
    out.push(...delim('['), ...utf16z(r.key), ...delim(';'), ...utf16z(r.value), ...delim(';'), ...dword(4), ...delim(';'), ...dword(4), ...delim(';'), ...dword(r.dword), ...delim(']'));
  }
  return new Uint8Array(out);
}
