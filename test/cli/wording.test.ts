// The words every built-in machine gets (issue 15): run diagnose, plan and the report on each, as
// `fipsfix machines` lists them, and look for what reads as a slip: a phrase said twice in a row
// ("no computer part: no computer part:"), a verdict after a label with a second colon ("Before the
// fix: Blocked: …"), a count with "(s)" or "these 1".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const BIN = join(__dirname, '../../bin/fipsfix.cjs');
const data = mkdtempSync(join(tmpdir(), 'fipsfix-wording-'));

function cli(...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', FIPSFIX_DATA_DIR: data },
  });
  return r.stdout + r.stderr;
}

/** The slips, each with the text around it. */
function slips(text: string): string[] {
  const found: string[] = [];
  const look = (re: RegExp, what: string): void => {
    for (const m of text.matchAll(re))
      found.push(`${what}: …${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40)}…`);
  };
  look(/\b([A-Za-z][\w ,()"-]{5,60}?):\s+\1:/g, 'said twice');
  look(/\b(\w+(?: \w+){1,5}) \1\b/g, 'words repeated');
  look(
    /(?:Diagnosis|the fix|the rollback|Verdict): (?:Blocked|Not blocked|Incomplete)[^—\n]*?:/g,
    'a second colon after a label',
  );
  look(/\b\d+ \w+\(s\)|\bthese 1 |\b1 (?:changes|values|servers|files|settings)\b/g, 'a count not agreeing');
  return found;
}

const machines = cli('machines')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith(' '))
  .map((l) => l.replace(/ \(default\)$/, ''));

describe('the words of every built-in machine', () => {
  it('there are machines to look at', () => {
    assert.ok(machines.length >= 27, machines.join(', '));
  });
  for (const m of machines) {
    it(`${m}: diagnose, plan and the HTML report read without slips`, () => {
      const html = cli('report', '--machine', m, '--format', 'html')
        .replace(/<style>[\s\S]*?<\/style>/, '')
        .replace(/<\/?(?:strong|div|p|h[1-3]|li|td|th|tr|br)\b[^>]*>/g, '\n')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
      const all = [cli('diagnose', '--machine', m), cli('plan', '--machine', m), html].join('\n');
      assert.deepEqual(slips(all), []);
    });
  }
  it('the plain diagnose output ends with its own exit code, not the plan’s words', () => {
    for (const m of machines)
      assert.doesNotMatch(cli('diagnose', '--machine', m).trimEnd().split('\n').at(-1) ?? '', /\(plan:/, m);
  });
});
