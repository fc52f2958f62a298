// How FipsFix writes a JSON document (diagnose/plan/verify --json, report --format json, probe --json):
// indented for a person, and ASCII only, every other character as a \u escape (JSON.parse gives the
// same value back). Why ASCII: a document is often saved through a console's code page (PowerShell
// 5.1's `>` decodes a program's output with [Console]::OutputEncoding, an OEM code page by default),
// and ASCII bytes are the same in every code page, so "—" cannot come back as "ΓÇö". The fleet
// reader also reads ASCII faster (read-fleet-files.ts: no UTF-8 decoding, one byte a character).

const NOT_ASCII = /[\u0080-\uffff]/g;

const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `value` as FipsFix writes a JSON document: two-space indent, ASCII only, ending in a newline. */
export function jsonDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(NOT_ASCII, escaped)}\n`;
}
