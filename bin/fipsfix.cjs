#!/usr/bin/env node
// The installed `fipsfix` command: runs the bundled CLI that `npm run build` writes.
// It compiles the bundle with the V8 code cache the build wrote beside it (dist/cli.cjs.v8cache),
// which saves about a third of the start-up; a cache from another Node version is rejected by V8
// and the bundle is compiled as usual. Nothing is written at run time.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');
const cachePath = `${bundle}.v8cache`;
let code;
try {
  code = fs.readFileSync(bundle, 'utf8');
} catch {
  process.stderr.write(
    `fipsfix: the CLI is not built yet: run "npm run build" in ${path.join(__dirname, '..')}\n`,
  );
  process.exit(3);
}
let cachedData;
try {
  cachedData = fs.readFileSync(cachePath);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(code), { filename: bundle, cachedData });
const cli = new Module(bundle, module);
cli.filename = bundle;
cli.paths = Module._nodeModulePaths(path.dirname(bundle));
script
  .runInThisContext()
  .call(cli.exports, cli.exports, Module.createRequire(bundle), cli, bundle, path.dirname(bundle));
cli.exports.runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  if (process.env.FIPSFIX_WRITE_CODE_CACHE === '1') fs.writeFileSync(cachePath, script.createCachedData());
});
