// Where Windows and Program Files are, read from HKLM rather than from the environment: a user can
// set SystemRoot, windir or ProgramFiles for their own processes (HKCU\Environment), and an elevated
// FipsFix must neither run a "System32" tool nor trust an "install folder" that the user chose.
import { loadNativeRegistry } from './native-registry';

export interface SystemFolders {
  readonly windows: string;
  /** Folders only administrators can change: where an executable may be started elevated from. */
  readonly programFiles: readonly string[];
}

let cached: SystemFolders | undefined;

function fromRegistry(): SystemFolders | undefined {
  try {
    const reg = loadNativeRegistry();
    const text = (key: string, name: string): string | undefined => {
      const v = reg.getValue(reg.HKLM, key, name);
      return typeof v === 'string' && /^[A-Za-z]:\\/.test(v) ? v.replace(/\\+$/, '') : undefined;
    };
    const windows = text('SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', 'SystemRoot');
    if (!windows) return undefined;
    const programFiles = [
      text('SOFTWARE\\Microsoft\\Windows\\CurrentVersion', 'ProgramFilesDir'),
      text('SOFTWARE\\Microsoft\\Windows\\CurrentVersion', 'ProgramFilesDir (x86)'),
    ].filter((p): p is string => p !== undefined);
    return { windows, programFiles };
  } catch {
    return undefined;
  }
}

export function systemFolders(): SystemFolders {
  cached ??= fromRegistry() ?? {
    // Off Windows, or where HKLM cannot be read: the environment, then Windows' defaults.
    windows: (process.env['SystemRoot'] ?? process.env['windir'] ?? 'C:\\Windows').replace(/\\+$/, ''),
    programFiles: ['C:\\Program Files', 'C:\\Program Files (x86)'],
  };
  return cached;
}
