// Bundles the CLI into one CommonJS file so it starts fast (one file to load, no TypeScript at run
// time). The Electron main, preload and renderer get their own entries when they land.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { englishOnlyZodLocales } from './english-only-zod-locales.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// The CLI and the threads `fleet summarize` reads a large fleet with (src/app/fleet-reader-worker.ts),
// beside it: one build, the same options.
await build({
  entryPoints: { cli: 'src/cli/main.ts', 'fleet-reader-worker': 'src/app/fleet-reader-worker.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  // Minified, the bundle compiles faster at every start (the CLI's budget is 150 ms).
  minify: true,
  keepNames: true,
  legalComments: 'none',
  define: { FIPSFIX_VERSION: JSON.stringify(pkg.version) },
  // native-reg finds its prebuilt win32 addon relative to its own folder, and playwright-core (only
  // for a PDF) reads files beside itself: both stay in node_modules.
  external: ['native-reg', 'playwright-core'],
  plugins: [englishOnlyZodLocales],
  logLevel: 'warning',
});
console.log('built dist/cli.cjs, dist/fleet-reader-worker.cjs');

// The V8 code cache bin/fipsfix.cjs loads: produced by running the diagnose path once, so the
// functions it compiled are in the cache too.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
rmSync('dist/cli.cjs.v8cache', { force: true });
const warm = spawnSync(
  process.execPath,
  ['bin/fipsfix.cjs', 'diagnose', '--json', '--evidence', 'test/fixtures/shared-evidence/listener-fips'],
  {
    env: { ...process.env, FIPSFIX_WRITE_CODE_CACHE: '1', NODE_OPTIONS: '' },
    stdio: 'ignore',
  },
);
if (warm.status !== 1) throw new Error(`warming the code cache: the CLI exited ${warm.status}`);
console.log('built dist/cli.cjs.v8cache');

// The app (issue 5). Main and its preload for Electron (CommonJS, Electron's own Node; `electron`
// and native-reg stay outside the bundle); the renderer and the browser fallback's bridge for the
// page (one minified IIFE each, React in production mode); the page's HTML and CSS copied as they are.
import { copyFileSync, mkdirSync } from 'node:fs';
const appCommon = {
  bundle: true,
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  sourcemap: 'linked',
  plugins: [englishOnlyZodLocales],
};
await build({
  ...appCommon,
  entryPoints: { main: 'main/main.ts', preload: 'main/preload.ts' },
  outdir: 'dist/main',
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  define: { FIPSFIX_VERSION: JSON.stringify(pkg.version) },
  // playwright-core is only for the CLI's PDF (the app prints with its own Chromium): required at run time, never bundled.
  external: ['electron', 'native-reg', 'playwright-core'],
});
// The fallback server of `npm start` runs on this machine's Node, not Electron's.
await build({
  ...appCommon,
  entryPoints: { 'browser-server': 'main/browser-server.ts' },
  outdir: 'dist/main',
  outExtension: { '.js': '.cjs' },
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  define: { FIPSFIX_VERSION: JSON.stringify(pkg.version) },
  external: ['native-reg', 'playwright-core'],
});
await build({
  ...appCommon,
  plugins: [],
  entryPoints: { renderer: 'renderer/main.tsx', 'web-bridge': 'renderer/web-bridge.ts' },
  outdir: 'dist/renderer',
  platform: 'browser',
  target: 'chrome120',
  format: 'iife',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
});
mkdirSync('dist/renderer', { recursive: true });
copyFileSync('renderer/index.html', 'dist/renderer/index.html');
copyFileSync('renderer/styles.css', 'dist/renderer/styles.css');
copyFileSync('assets/icon.svg', 'dist/renderer/icon.svg');
console.log('built dist/main/{main,preload}.js, dist/main/browser-server.cjs, dist/renderer/');
