// The PowerShell `fipsfix collect` runs to write rsop.json: the text the docs show is the text run,
// it reads what the reader needs, and no output path can break out of its quoting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  RSOP_COLLECT_BODY,
  powershellLiteral,
  rsopCollectCommand,
  rsopCollectScript,
} from '../../../src/machine/windows/rsop-collect';

describe('the collect script', () => {
  it('is quoted verbatim in docs/rsop-evidence.md, so the documented command is the one run', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/rsop-evidence.md'), 'utf8');
    assert.ok(doc.includes('```powershell\n' + RSOP_COLLECT_BODY + '```\n'));
  });

  it('reads the three classes the reader needs, and writes the key the reader recognises', () => {
    for (const c of ['RSOP_GPO', 'RSOP_RegistryPolicySetting', 'RSOP_RegistryValue'])
      assert.match(RSOP_COLLECT_BODY, new RegExp(`Get-RsopRows ${c} `));
    assert.match(RSOP_COLLECT_BODY, /fipsfixRsop = 1\n/);
    assert.ok(!RSOP_COLLECT_BODY.includes('\r'));
  });

  it('quotes the output path as a PowerShell literal, typographic quotes included', () => {
    assert.equal(powershellLiteral("C:\\Evidence\\O'Neil"), "'C:\\Evidence\\O''Neil'");
    assert.equal(powershellLiteral('C:\\a\u2019b'), "'C:\\a\u2019\u2019b'");
    assert.ok(rsopCollectScript('C:\\ev\\rsop.json').startsWith("$OutFile = 'C:\\ev\\rsop.json'\n"));
  });

  it('runs Windows PowerShell by full path with the script encoded, so no path can break its quoting', () => {
    const c = rsopCollectCommand('C:\\Windows', 'C:\\ev');
    assert.match(c.program, /System32[\\/]WindowsPowerShell[\\/]v1\.0[\\/]powershell\.exe$/);
    assert.deepEqual(c.args.slice(0, 3), ['-NoProfile', '-NonInteractive', '-EncodedCommand']);
    const script = Buffer.from(c.args[3] ?? '', 'base64').toString('utf16le');
    assert.ok(script.endsWith(RSOP_COLLECT_BODY));
    assert.match(script, /^\$OutFile = 'C:\\ev[\\/]rsop\.json'\n/);
  });
});
