// The layer rules fail when broken: the project's own .dependency-cruiser.cjs and eslint.config.mjs
// run over two fixture trees with the project's layout (test/fixtures/layers/): `clean` uses every
// edge a layer may use and must pass; `broken` breaks each rule on purpose and must report exactly
// those breaks, no more, no fewer.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { z } from 'zod';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'layers');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

// The part of depcruise's JSON report this test reads.
const CruiseReport = z.object({
  summary: z.object({
    violations: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        rule: z.object({ name: z.string(), severity: z.string() }),
      }),
    ),
  }),
});

function depcruise(tree: string, outputType: 'json' | 'err') {
  const args = ['src', 'main', 'renderer', 'test', '--config', join(ROOT, '.dependency-cruiser.cjs')];
  const r = spawnSync(process.execPath, [DEPCRUISE, ...args, '--output-type', outputType], {
    cwd: join(FIXTURES, tree),
    encoding: 'utf8',
  });
  assert.equal(r.error, undefined);
  return r;
}

function cruise(tree: string): string[] {
  const report = CruiseReport.parse(JSON.parse(depcruise(tree, 'json').stdout));
  // A package resolves to the project's node_modules, four folders up: name it by the package.
  const shortTo = (to: string): string => to.replace(/^.*node_modules\/([^/]+)\/.*$/, 'npm:$1');
  const findings = report.summary.violations.map((v) =>
    [v.rule.severity, v.rule.name + ':', v.from, ...(v.from === v.to ? [] : ['->', shortTo(v.to)])].join(' '),
  );
  return findings.sort();
}

async function lint(tree: string): Promise<string[]> {
  const cwd = join(FIXTURES, tree);
  // ignore: false, because the project's config skips this folder in the normal run.
  const eslint = new ESLint({ cwd, overrideConfigFile: join(ROOT, 'eslint.config.mjs'), ignore: false });
  const results = await eslint.lintFiles(['.']);
  return results
    .flatMap((r) => r.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${r.filePath.slice(cwd.length + 1)}`))
    .sort();
}

describe('the layer rules (dependency-cruiser)', () => {
  it('pass a tree that uses every allowed edge', () => {
    assert.deepEqual(cruise('clean'), []);
  });

  it('report each deliberate violation by its rule, and fail', () => {
    assert.deepEqual(cruise('broken'), [
      'error app-imports-core-and-machine: src/app/use-case.ts -> src/cli/print.ts',
      'error app-uses-ipc-types-only: src/app/calls-contract.ts -> src/ipc/contract.ts',
      'error cli-imports-app-ipc-core: src/cli/opens-window.ts -> main/window.ts',
      'error core-imports-only-core: src/core/asks-machine.ts -> src/machine/registry-port.ts',
      'error core-imports-only-core: src/core/opens-dialog.ts -> npm:electron',
      'error core-no-node-builtins: src/core/reads-disk.ts -> fs',
      'error ipc-imports-only-core: src/ipc/contract.ts -> src/machine/registry-port.ts',
      'error machine-imports-core: src/machine/calls-app.ts -> src/app/use-case.ts',
      'error machine-imports-core: src/machine/uses-test-helper.ts -> test/helper.ts',
      'error main-imports-app-ipc-core: main/uses-cli.ts -> src/cli/print.ts',
      'error no-circular: src/app/first.ts -> src/app/second.ts',
      'error not-in-a-layer: src/fleet/stray.ts',
      'error not-to-test: src/machine/uses-test-helper.ts -> test/helper.ts',
      'error not-to-unresolvable: src/app/missing.ts -> ./not-there',
      'error renderer-imports-only-ipc: renderer/peeks-core.ts -> src/core/verdict.ts',
      'error renderer-imports-only-ipc: renderer/raw-ipc.ts -> npm:electron',
      'error shell-not-to-machine: main/window.ts -> src/machine/registry-port.ts',
      'error shell-not-to-machine: src/cli/print.ts -> src/machine/registry-port.ts',
    ]);
    // The JSON reporter always exits 0; the `err` one, which `npm run lint:layers` prints, fails.
    assert.notEqual(depcruise('broken', 'err').status, 0, 'npm run lint must fail on these');
  });
});

describe('the import rules (ESLint)', () => {
  it('pass the clean tree, raw ipcRenderer in main/preload.ts included', async () => {
    assert.deepEqual(await lint('clean'), []);
  });

  it('report raw IPC outside the wrappers, Node or Electron in src/core, and a blocking spawn in src/machine', async () => {
    assert.deepEqual(await lint('broken'), [
      'no-restricted-imports: renderer/raw-ipc.ts',
      'no-restricted-imports: src/core/opens-dialog.ts',
      'no-restricted-imports: src/core/reads-disk.ts',
      'no-restricted-imports: src/machine/blocks.ts',
    ]);
  });

  it('skip the fixtures in the normal run', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    assert.equal(await eslint.isPathIgnored(join(FIXTURES, 'broken', 'renderer', 'raw-ipc.ts')), true);
    assert.equal(await eslint.isPathIgnored(join(ROOT, 'main', 'preload.ts')), false);
  });
});
