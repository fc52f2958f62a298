// Bundles the CLI into one CommonJS file so it starts fast (one file to load, no TypeScript at run
// time). The Electron main, preload and renderer get their own entries when they land.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  legalComments: 'none',
  define: { FIPSFIX_VERSION: JSON.stringify(pkg.version) },
  // native-reg finds its prebuilt win32 addon relative to its own folder, so it stays in node_modules.
  external: ['native-reg'],
  logLevel: 'warning',
});
console.log('built dist/cli.cjs');
