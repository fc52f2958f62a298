// A stand-in for gpresult.exe, which Wine does not have (a mock only for that reason). The CLI suite
// copies the real Windows node.exe to %SystemRoot%\System32\gpresult.exe in its own Wine prefix and
// preloads this file with NODE_OPTIONS; in any other process it does nothing. Run as
// `gpresult /scope computer /x FILE /f`, it writes the shared sample's elevated gpresult (gpresult's
// own UTF-16LE XML: a domain member on which no GPO writes a watched value) with this computer's
// name, so FipsFix's collector, parser and the elevated re-check run end to end on real output.
'use strict';
const path = require('path');

if (path.basename(process.execPath).toLowerCase() === 'gpresult.exe') {
  const fs = require('fs');
  // argv[1] is the first argument resolved as a script path ("/scope" becomes "Z:\\scope"): skip it.
  const args = process.argv.slice(2);
  const at = args.findIndex((a) => a.toLowerCase() === '/x');
  const target = at >= 0 ? args[at + 1] : undefined;
  if (!target || args[0]?.toLowerCase() !== 'computer') {
    process.stderr.write('gpresult stand-in: only /scope computer /x FILE /f is played\n');
    process.exit(1);
  }
  const sample = path.join(__dirname, '..', 'fixtures', 'shared-evidence', 'listener-fips', 'gpresult.xml');
  const text = fs
    .readFileSync(sample)
    .subarray(2)
    .toString('utf16le')
    .split('FABRIKAM\\APP-TS02$')
    .join(`FABRIKAM\\${process.env.COMPUTERNAME || 'WINE'}$`);
  fs.writeFileSync(target, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  process.exit(0);
}
