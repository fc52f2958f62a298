// The packaging configuration, checked here because electron-builder cannot run without downloading
// Electron (the Windows workflow builds it): the file is valid against electron-builder's own schema,
// and it says what the issue asks — per-machine NSIS and portable, asInvoker, native addons unpacked,
// the hardened fuses, icons — while the Electron binary is never fetched by npm ci.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { z } from 'zod';

const ROOT = join(__dirname, '..', '..');
// The parts of each file the assertions read: a value they compare is left unknown, so a wrong one
// fails its own assertion rather than the parse.
const BuilderConfig = z.object({
  win: z.object({ target: z.unknown(), requestedExecutionLevel: z.unknown(), icon: z.string() }),
  portable: z.object({ requestExecutionLevel: z.unknown() }),
  nsis: z.object({ perMachine: z.unknown(), oneClick: z.unknown() }),
  electronFuses: z.record(z.string(), z.unknown()),
  asar: z.unknown(),
  asarUnpack: z.array(z.string()),
  npmRebuild: z.unknown(),
  files: z.array(z.string()),
});
const PackageJson = z.object({
  main: z.unknown(),
  allowScripts: z.record(z.string(), z.unknown()),
  devDependencies: z.record(z.string(), z.string()),
  scripts: z.record(z.string(), z.string()),
});
const AppWorkflow = z.object({
  jobs: z.object({
    electron: z.object({ 'runs-on': z.unknown(), steps: z.array(z.object({ run: z.string().optional() })) }),
  }),
});

const rawConfig: unknown = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'));
const config = BuilderConfig.parse(rawConfig);
const pkg = PackageJson.parse(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(
      JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')),
    );
    assert.equal(validate(rawConfig), true, JSON.stringify(validate.errors));
  });

  it('builds a per-machine NSIS installer and a portable exe, both running as the user', () => {
    assert.deepEqual(config.win.target, ['nsis', 'portable']);
    assert.equal(config.win.requestedExecutionLevel, 'asInvoker');
    assert.equal(config.portable.requestExecutionLevel, 'user');
    assert.equal(config.nsis.perMachine, true);
    assert.equal(config.nsis.oneClick, false);
  });

  it('flips the fuses for a hardened build', () => {
    const f = config.electronFuses;
    assert.equal(f.runAsNode, false);
    assert.equal(f.enableNodeOptionsEnvironmentVariable, false);
    assert.equal(f.enableNodeCliInspectArguments, false);
    assert.equal(f.grantFileProtocolExtraPrivileges, false);
    assert.equal(f.onlyLoadAppFromAsar, true);
    assert.equal(f.enableEmbeddedAsarIntegrityValidation, true);
  });

  it('packs the built app in an asar, with the native registry addon unpacked and not rebuilt', () => {
    assert.equal(config.asar, true);
    assert.ok(config.asarUnpack.includes('node_modules/native-reg/**'));
    assert.equal(config.npmRebuild, false);
    assert.ok(
      config.files.includes('!node_modules/playwright-core/**'),
      'the app prints PDFs with its own Chromium',
    );
    assert.ok(config.files.includes('dist/main/**') && config.files.includes('dist/renderer/**'));
    assert.equal(pkg.main, 'dist/main/main.js');
  });

  it('has its icons in assets/: a 256 px PNG and a multi-size ICO', () => {
    assert.equal(config.win.icon, 'assets/icon.ico');
    const ico = readFileSync(join(ROOT, config.win.icon));
    assert.equal(ico.readUInt16LE(2), 1, 'an icon resource');
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    assert.ok(sizes.includes(16) && sizes.includes(32) && sizes.includes(256), sizes.join(','));
    const png = readFileSync(join(ROOT, 'assets', 'icon.png'));
    assert.equal(png.readUInt32BE(16), 256);
  });
});

describe('package.json and the workflow', () => {
  it("never runs Electron's or the packager's install scripts here", () => {
    assert.equal(pkg.allowScripts.electron, false);
    assert.equal(pkg.allowScripts['electron-winstaller'], false);
    assert.ok(pkg.devDependencies.electron && pkg.devDependencies['electron-builder']);
    assert.match(pkg.scripts['test:electron'] ?? '', /scripts\/test-electron\.mjs/);
    assert.doesNotMatch(pkg.scripts['test'] ?? '', /electron/);
  });

  it('the app workflow builds and runs the Electron E2E suite on windows-latest', () => {
    const wf = AppWorkflow.parse(parse(readFileSync(join(ROOT, '.github', 'workflows', 'app.yml'), 'utf8')));
    const job = wf.jobs.electron;
    assert.equal(job['runs-on'], 'windows-latest');
    const runs = job.steps.map((s) => s.run ?? '');
    assert.ok(runs.includes('npm ci'));
    assert.ok(runs.some((r) => r.includes('node_modules/electron/install.js')));
    assert.ok(runs.includes('npm run test:electron'));
    assert.ok(runs.includes('npm run dist'));
  });
});
