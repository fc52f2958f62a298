#!/usr/bin/env node
// The installed `fipsfix` command: runs the bundled CLI that `npm run build` writes.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('fipsfix: the CLI is not built yet: run "npm run build" in ' + path.join(__dirname, '..') + '\n');
  process.exit(3);
}
process.exitCode = require(bundle).runCli(process.argv.slice(2));
