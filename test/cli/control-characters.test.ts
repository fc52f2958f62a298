// Control characters from evidence and file names never reach a terminal or a report raw (issue 12,
// point 3): a GPO named `ESC ] 0 ; … BEL ESC [ 2 J` retitled the window and cleared the screen, and
// a newline in a file name forged a whole output line. The human output, error messages and the
// HTML report show them escaped; the JSON keeps them exact.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { markup } from '../../src/core/html';
import { visible, visibleStrings } from '../../src/core/visible-text';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/fipsfix.cjs');
const EVIL_GPO = 'Evil\u001b]0;pwned\u0007\u001b[2J\nVerdict: nothing to fix\u202e';
const EVIL_FILE = 'notes\nfipsfix: Verdict: all good\u001b[2J.txt';
/** What a terminal would act on: C0 controls but the layout's own newline, DEL, C1, bidi overrides. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('visible()', () => {
  it('escapes exactly the listed code units, each alone: its quick scan misses none of them', () => {
    // visible() returns a text untouched when one regular expression finds nothing in it: a unit that
    // expression left out would never be escaped, and this would fail on it.
    const listed = [
      [0x00, 0x1f],
      [0x7f, 0x9f],
      [0xad, 0xad],
      [0x61c, 0x61c],
      [0x180e, 0x180e],
      [0x200b, 0x200f],
      [0x2028, 0x202e],
      [0x2060, 0x206f],
      [0xd800, 0xdfff],
      [0xfeff, 0xfeff],
      [0xfff9, 0xfffb],
    ];
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const expected = listed.some(([lo, hi]) => c >= (lo ?? 0) && c <= (hi ?? 0));
      if ((visible(`a${ch}b`) !== `a${ch}b`) !== expected) wrong.push(c.toString(16));
    }
    assert.deepEqual(wrong, []);
  });
  it('escapes C0, DEL, C1, bidirectional and zero-width characters and lone surrogates; keeps the rest', () => {
    assert.equal(visible('a\u001b[2Jb\u0007\n\t\r'), 'a\\x1b[2Jb\\x07\\n\\t\\r');
    assert.equal(visible('x\u009by\u007f'), 'x\\x9by\\x7f');
    assert.equal(visible('gpo\u202eger.exe\u200b'), 'gpo\\u{202E}ger.exe\\u{200B}');
    assert.equal(visible('\ud800x'), '\\u{D800}x');
    assert.equal(visible('Sécurité 中文 😀 C:\\Windows'), 'Sécurité 中文 😀 C:\\Windows');
    assert.equal(visible('line\nnext\tcol\u001b', 'line-breaks'), 'line\nnext\tcol\\x1b');
    assert.deepEqual(visibleStrings({ a: ['x\ny', 1, null], b: { c: '\u0007' } }), {
      a: ['x\\ny', 1, null],
      b: { c: '\\x07' },
    });
  });

  it('the report escapes what it interpolates: no raw ESC or BEL in a page', () => {
    const html = String(markup`<td>${EVIL_GPO}</td>`);
    assert.doesNotMatch(html, RAW_CONTROL);
    assert.match(html, /Evil\\x1b\]0;pwned\\x07\\x1b\[2J\\nVerdict/);
  });
});

describe('through the built CLI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fipsfix-ctl-'));
    for (const f of ['lsa.reg', 'rdp-tcp.reg', 'policies.reg'])
      copyFileSync(join(ROOT, 'test/fixtures/shared-evidence/fips-domain-gpo', f), join(dir, f));
    const rsop = JSON.parse(
      readFileSync(join(ROOT, 'test/fixtures/formats/rsop-domain-fips-rdp.json'), 'utf8'),
    ) as { gpos: { name: string }[] };
    for (const g of rsop.gpos) g.name = EVIL_GPO;
    writeFileSync(join(dir, 'rsop.json'), JSON.stringify(rsop));
    writeFileSync(join(dir, EVIL_FILE), 'a note');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('diagnose: the GPO name and the file name are escaped, no line is forged', () => {
    const r = cli('diagnose', '--evidence', dir);
    assert.doesNotMatch(r.stdout, RAW_CONTROL);
    assert.doesNotMatch(r.stderr, RAW_CONTROL);
    assert.match(
      r.stdout,
      /domain GPO "Evil\\x1b\]0;pwned\\x07\\x1b\[2J\\nVerdict: nothing to fix\\u\{202E\}"/,
    );
    assert.doesNotMatch(r.stdout, /^Verdict: nothing to fix/m, 'no line of its own');
    assert.match(r.stderr, /^fipsfix: skipped notes\\nfipsfix: Verdict: all good\\x1b\[2J\.txt: /m);
    assert.doesNotMatch(r.stderr, /^fipsfix: Verdict: all good/m);
  });

  it('--json keeps the name exact', () => {
    const r = cli('diagnose', '--evidence', dir, '--json');
    const d = JSON.parse(r.stdout) as { causes: { setBy?: { gpo?: { name: string } } }[] };
    // JSON's own escapes for the controls, and the override as \u202e: FipsFix's JSON is ASCII only.
    assert.ok(r.stdout.includes('Evil\\u001b]0;pwned\\u0007\\u001b[2J\\nVerdict: nothing to fix\\u202e'));
    assert.doesNotMatch(r.stdout, /[\u0080-\uffff]/);
    assert.ok(JSON.stringify(d).includes(JSON.stringify(EVIL_GPO)));
  });

  it('the HTML report holds no raw control character and shows the escapes', () => {
    const out = join(dir, '..', `${Date.now()}-report.html`);
    const r = cli('report', '--evidence', dir, '--format', 'html', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const html = readFileSync(out, 'utf8');
    rmSync(out);
    assert.doesNotMatch(html, RAW_CONTROL);
    assert.match(html, /Evil\\x1b\]0;pwned\\x07\\x1b\[2J\\nVerdict: nothing to fix/);
  });

  it('an error message naming a file escapes its name', () => {
    const bad = mkdtempSync(join(tmpdir(), 'fipsfix-ctl-'));
    writeFileSync(join(bad, 'x\u001b]0;t\u0007\nfipsfix: forged.reg'), 'not a reg export');
    const r = cli('diagnose', '--evidence', bad);
    rmSync(bad, { recursive: true, force: true });
    assert.equal(r.code, 3);
    assert.doesNotMatch(r.stderr, RAW_CONTROL);
    assert.match(r.stderr, /^fipsfix: x\\x1b\]0;t\\x07\\nfipsfix: forged\.reg: named like a reg export/m);
    assert.doesNotMatch(r.stderr, /^fipsfix: forged\.reg/m);
  });
});
