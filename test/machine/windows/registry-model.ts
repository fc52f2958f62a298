// A registry built from reg export files, for the evidence tests on Linux: it answers readValue as
// WindowsRegistry would and writes `reg export` files of any key in it. The real WindowsRegistry
// and reg.exe run under Wine (test/wine/); here only they are stood in for, and only because
// native-reg cannot run on Linux.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseRegExport, type RegData } from '../../../src/core/formats/reg-export';
import { WATCHED_VALUES, keyUnderLocalMachine, type WatchedValueId } from '../../../src/core/settings';
import type { ProcessOutcome } from '../../../src/machine/windows/process-runner';
import type {
  KeyContents,
  KeyValue,
  RegistryKeyReader,
  RegistryReader,
  ValueSnapshot,
} from '../../../src/machine/machine';
import { utf16leWithBom } from '../../fixture-writers';

interface ModelKey {
  readonly path: string;
  readonly values: Map<string, { readonly name: string; readonly data: RegData }>;
}

const HEX_LABEL: Readonly<Record<string, string>> = {
  REG_BINARY: 'hex',
  REG_NONE: 'hex(0)',
  REG_EXPAND_SZ: 'hex(2)',
  REG_MULTI_SZ: 'hex(7)',
  REG_QWORD: 'hex(b)',
};
const quote = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function valueLine(name: string, data: RegData): string {
  const n = name === '' ? '@' : quote(name);
  if (data.type === 'REG_DWORD') return `${n}=dword:${data.value.toString(16).padStart(8, '0')}`;
  if (data.type === 'REG_SZ') return `${n}=${quote(data.value)}`;
  return `${n}=${HEX_LABEL[data.type] ?? data.type}:${data.bytes.map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
}

export class RegistryModel implements RegistryReader, RegistryKeyReader {
  private readonly keys = new Map<string, ModelKey>();
  /** Export files as Windows wrote them, by their root key: given back as they are. */
  private readonly originals = new Map<string, Uint8Array>();

  static fromExports(files: readonly string[], alwaysPresent: readonly string[] = []): RegistryModel {
    const m = new RegistryModel();
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(file));
      const ex = parseRegExport(file, bytes);
      for (const k of ex.keys.values()) {
        const path = keyUnderLocalMachine(k.path) ?? k.path;
        m.keys.set(path.toUpperCase(), { path, values: new Map(k.values) });
      }
      if (ex.root) m.originals.set((keyUnderLocalMachine(ex.root) ?? ex.root).toUpperCase(), bytes);
    }
    for (const path of alwaysPresent)
      if (!m.keys.has(path.toUpperCase())) m.keys.set(path.toUpperCase(), { path, values: new Map() });
    return m;
  }

  /** A key exists when it was exported, or when a key under it was (as on Windows). */
  private exists(key: string): boolean {
    const k = key.toUpperCase();
    return this.keys.has(k) || [...this.keys.keys()].some((p) => p.startsWith(`${k}\\`));
  }

  readKey(keyUnderHklm: string): KeyContents | undefined {
    const k = keyUnderHklm.toUpperCase();
    if (!this.exists(k)) return undefined;
    const subkeys = new Map<string, string>();
    for (const [upper, key] of this.keys)
      if (upper.startsWith(`${k}\\`)) {
        const name = key.path.slice(keyUnderHklm.length + 1).split('\\')[0] ?? '';
        if (!subkeys.has(name.toUpperCase())) subkeys.set(name.toUpperCase(), name);
      }
    const values = new Map<string, KeyValue>();
    for (const v of this.keys.get(k)?.values.values() ?? [])
      values.set(
        v.name,
        v.data.type === 'REG_DWORD' || v.data.type === 'REG_SZ'
          ? ({ type: v.data.type, data: v.data.value } as KeyValue)
          : { type: 'other', typeName: v.data.type },
      );
    return { subkeys: [...subkeys.values()], values };
  }

  readValue(id: WatchedValueId): ValueSnapshot {
    const w = WATCHED_VALUES[id];
    const v = this.keys.get(w.key.toUpperCase())?.values.get(w.name.toUpperCase());
    if (!v) return { exists: false };
    return v.data.type === 'REG_DWORD'
      ? { exists: true, type: 'REG_DWORD', data: v.data.value }
      : { exists: true, type: 'other', typeName: v.data.type };
  }

  /** `reg export KEY`: the original file when one was rooted there, else one written from the model. */
  exportOf(keyWithHive: string): Uint8Array | undefined {
    const key = (keyUnderLocalMachine(keyWithHive) ?? keyWithHive).toUpperCase();
    const original = this.originals.get(key);
    if (original) return original;
    if (!this.keys.has(key)) return undefined;
    const under = [...this.keys.entries()]
      .filter(([k]) => k === key || k.startsWith(`${key}\\`))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const body = under.map(([, k]) =>
      [
        `[HKEY_LOCAL_MACHINE\\${k.path}]`,
        ...[...k.values.values()].map((v) => valueLine(v.name, v.data)),
        '',
      ].join('\r\n'),
    );
    return utf16leWithBom(['Windows Registry Editor Version 5.00', '', ...body, ''].join('\r\n'));
  }

  /** reg.exe's export verb over this model, for a WindowsToolsDouble. */
  regTool(): (args: readonly string[]) => ProcessOutcome {
    return (args) => {
      const [verb, key, file] = args;
      if (verb?.toLowerCase() !== 'export' || key === undefined || file === undefined)
        return { status: 1, stdout: '', stderr: 'ERROR: Invalid syntax.' };
      const bytes = this.exportOf(key);
      if (!bytes)
        return {
          status: 1,
          stdout: '',
          stderr: 'ERROR: The system was unable to find the specified registry key or value.',
        };
      writeFileSync(file, bytes);
      return { status: 0, stdout: 'The operation completed successfully.', stderr: '' };
    };
  }
}
