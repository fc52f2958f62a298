// Runs @doyensec/electronegativity over the app's source (main/ and renderer/ with package.json, so it
// sees Electron's version) through its programmatic API: its CLI breaks on the newer commander this
// project uses. Its release check needs the network and says so; the checks themselves run offline.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Finding {
  readonly severity: string;
  readonly confidence: string;
  readonly id: string;
  readonly file: string;
  readonly line: number | undefined;
  readonly description: string;
}

export async function electronegativity(root: string): Promise<{ findings: Finding[]; parseErrors: number }> {
  const staging = mkdtempSync(join(tmpdir(), 'fipsfix-eneg-'));
  try {
    for (const p of ['main', 'renderer', 'package.json'])
      cpSync(join(root, p), join(staging, p), { recursive: true, filter: (s) => !s.endsWith('README.md') });
    // Loaded here, not at the top: it pulls in Babel, and only this check needs it.
    const { default: run } = await import('@doyensec/electronegativity');
    const r = await run(
      {
        input: staging,
        electronVersionOverride: (
          JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
            devDependencies: Record<string, string>;
          }
        ).devDependencies['electron'],
        parserPlugins: [],
        customScan: [],
        excludeFromScan: [],
        isRelative: true,
        isVerbose: false,
      },
      false,
    );
    return {
      parseErrors: r.errors.length,
      findings: r.issues.map((i) => ({
        severity: i.severity.name,
        confidence: i.confidence.name,
        id: i.id,
        file: i.file,
        line: i.location?.line,
        description: (i.description ?? '').slice(0, 120),
      })),
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
