// The .reg pair for causes whose method is the registry itself: one that sets the fixed values, one
// that puts back the values as the diagnosis read them (a value that did not exist as "Name"=-,
// which reg import deletes). UTF-16LE with BOM and CRLF, as regedit writes: `reg import` and a
// double-click both take it.
import type { PlannedChange } from '../plan';
import { encodeUtf16leWithBom } from '../formats/text-encoding';
import { managedValue } from '../settings';
import type { ExportedFile } from './exported-file';

function regText(
  header: readonly string[],
  values: readonly { id: PlannedChange['id']; data: number | null }[],
): string {
  const lines = ['Windows Registry Editor Version 5.00', '', ...header.map((h) => `; ${h}`)];
  const byKey = new Map<string, string[]>();
  for (const v of values) {
    const w = managedValue(v.id);
    const key = `HKEY_LOCAL_MACHINE\\${w.key}`;
    const line =
      v.data === null ? `"${w.name}"=-` : `"${w.name}"=dword:${v.data.toString(16).padStart(8, '0')}`;
    byKey.set(key, [...(byKey.get(key) ?? []), line]);
  }
  for (const [key, vals] of byKey) lines.push('', `[${key}]`, ...vals);
  // reg export ends with a blank line; so does this, and the core's parser insists on it.
  return lines.join('\r\n') + '\r\n\r\n';
}

export function regFilesFor(
  server: string,
  changes: readonly PlannedChange[],
  prefix: string,
): ExportedFile[] {
  const what = changes.map((c) => `${c.registryValue}: ${c.before ?? 'absent'} -> ${c.after}`).join('; ');
  const fix = regText(
    [
      `FipsFix: turns the FIPS encryption level off on ${server} where the registry itself set it.`,
      `Changes: ${what}.`,
      'Import elevated: reg import fipsfix-fix.reg. New connections use the new level; if clients are still refused,',
      'restart Remote Desktop Services (this drops every session) or reboot. fipsfix-undo.reg puts the values back.',
    ],
    changes.map((c) => ({ id: c.id, data: c.after })),
  );
  const undo = regText(
    [
      `FipsFix: puts back the values fipsfix-fix.reg changes on ${server}, as the diagnosis read them.`,
      'A value that did not exist is deleted.',
    ],
    changes.map((c) => ({ id: c.id, data: c.before })),
  );
  return [
    { path: `${prefix}fipsfix-fix.reg`, content: encodeUtf16leWithBom(fix) },
    { path: `${prefix}fipsfix-undo.reg`, content: encodeUtf16leWithBom(undo) },
  ];
}
