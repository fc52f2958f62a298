// Stands in for node-gyp-build inside fipsfix.exe. A single executable application's own `require`
// loads only Node's built-in modules, so native-reg's win32 addon cannot come from inside the blob:
// it ships beside the exe as prebuilds/win32-x64/node.napi.node (the layout node-gyp-build itself
// looks for beside process.execPath) and is loaded with a require rooted at the exe.
// NATIVE_REG_PREBUILD=<dir containing prebuilds/> points elsewhere, as native-reg documents.
'use strict';
const { createRequire } = require('node:module');
const { existsSync } = require('node:fs');
const path = require('node:path');

module.exports = function loadNativeRegAddon() {
  const relative = path.join('prebuilds', `win32-${process.arch}`, 'node.napi.node');
  const dirs = [process.env.NATIVE_REG_PREBUILD, path.dirname(process.execPath)].filter(
    (d) => typeof d === 'string' && d !== '',
  );
  for (const dir of dirs) {
    const file = path.join(dir, relative);
    if (existsSync(file)) return createRequire(process.execPath)(file);
  }
  throw new Error(
    `native-reg's addon is missing: fipsfix.exe needs ${relative} beside it (looked in ${dirs.join(', ')})`,
  );
};
