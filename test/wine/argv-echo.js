'use strict';
// Stands in for FipsFix's CLI in the elevated-command check: writes the arguments it received
// (after cmd.exe has read the batch line) next to the plan, as JSON.
const fs = require('fs');
const path = require('path');
const args = process.argv.slice(2);
const plan = args[args.indexOf('--plan') + 1];
fs.writeFileSync(
  path.join(path.dirname(plan), 'argv.json'),
  JSON.stringify([process.execPath, __filename, ...args]),
);
