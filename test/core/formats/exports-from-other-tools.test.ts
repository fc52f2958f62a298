// Real exports as administrators have them (issue 11): security templates written by other tools,
// REGEDIT4, event files with a root, GPO backups and gpresult /h beside (or instead of) evidence.
// Each shape is read right, or refused naming the file and what it is; nothing is misread.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { diagnose } from '../../../src/core/diagnose';
import {
  evidenceFromFiles,
  recogniseEvidence,
  type EvidenceFile,
} from '../../../src/core/formats/evidence-folder';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { parseRegExport } from '../../../src/core/formats/reg-export';
import { parseSeceditExport } from '../../../src/core/formats/secedit-inf';
import { decodeText } from '../../../src/core/formats/text-encoding';
import { parseWevtutilEvents } from '../../../src/core/formats/wevtutil-events';
import { readEvidenceFolder } from '../../../src/machine/read-evidence-folder';
import { utf16leWithBom } from '../../fixture-writers';

const FORMATS = join(__dirname, '../../fixtures/formats');
const SHARED = join(__dirname, '../../fixtures/shared-evidence');
const BACKUP = join(FORMATS, 'gpo-backup/{E41B9A27-6C0D-4F38-8B12-5D7A3E9C0F61}');
const bytes = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const text = (p: string): string => decodeText(p, bytes(p)).text;
const file = (name: string, content: Uint8Array): EvidenceFile => ({ name, bytes: content });
const fixture = (name: string, as = name): EvidenceFile => file(as, bytes(join(FORMATS, name)));
const folder = (dir: string): EvidenceFile[] =>
  readdirSync(dir)
    .filter((n) => n !== 'expected.json')
    .map((n) => file(n, bytes(join(dir, n))));

function assertInvalid(fn: () => unknown, pattern: RegExp, not?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidEvidence, `expected InvalidEvidence, got ${String(e)}`);
    assert.match(e.message, pattern);
    if (not) assert.doesNotMatch(e.message, not);
    return true;
  });
}

describe('security templates from other tools', () => {
  it('reads signature=$CHICAGO$ without quotes, as Security Compliance Manager writes it', () => {
    const s = parseSeceditExport('GptTmpl.inf', bytes(join(FORMATS, 'security-template-scm.inf')));
    assert.equal(s.fips.state === 'defined' && s.fips.data, 1);
  });

  it('reads a template saved as UTF-8, with or without a byte-order mark', () => {
    const utf8 = bytes(join(FORMATS, 'security-template-utf8.inf'));
    for (const b of [utf8, new Uint8Array([0xef, 0xbb, 0xbf, ...utf8])]) {
      const s = parseSeceditExport('t.inf', b);
      assert.equal(s.fips.state === 'defined' && s.fips.data, 0);
    }
    assert.deepEqual(recogniseEvidence(fixture('security-template-utf8.inf')), { format: 'secedit-export' });
  });

  it('says a hand-written template without [Version] is one, never that it looks truncated', () => {
    assertInvalid(
      () => parseSeceditExport('fips.inf', bytes(join(FORMATS, 'security-template-hand-written.inf'))),
      /^fips\.inf: a hand-written security template without \[Version\]/,
      /truncated|cut short/,
    );
  });

  it("a file in secedit's own order without [Version] is cut short; a template with [Version] first is not judged by that order", () => {
    const t = text(join(SHARED, 'fips-domain-gpo/secedit-export.inf'));
    assertInvalid(
      () => parseSeceditExport('cut.inf', utf16leWithBom(t.slice(0, t.indexOf('[Privilege Rights]')))),
      /^cut\.inf: truncated: .*\[Version\], which secedit writes last/,
    );
    // SCM's template ends with [Privilege Rights]: cut there, it is still complete in its own order.
    const scm = text(join(FORMATS, 'security-template-scm.inf'));
    const s = parseSeceditExport('scm.inf', utf16leWithBom(scm.slice(0, scm.indexOf('[Privilege Rights]'))));
    assert.equal(s.fips.state, 'defined');
  });

  it('refuses a [Version] whose signature is not $CHICAGO$', () => {
    const scm = text(join(FORMATS, 'security-template-scm.inf'));
    assertInvalid(
      () =>
        parseSeceditExport(
          'drv.inf',
          utf16leWithBom(scm.replace('signature=$CHICAGO$', 'Signature="$Windows NT$"')),
        ),
      /^drv\.inf: \[Version\] says Signature="\$Windows NT\$"; a security template says signature="\$CHICAGO\$"/,
    );
    assertInvalid(
      () =>
        parseSeceditExport(
          'q.inf',
          utf16leWithBom(scm.replace('signature=$CHICAGO$', 'signature="$CHICAGO$')),
        ),
      /\[Version\] says/,
    );
  });

  it('an ANSI template with a non-ASCII byte is refused naming the file, whatever its name', () => {
    const ansi = new Uint8Array([
      ...new TextEncoder().encode('[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nNewGuestName = "Invit'),
      0xe9,
      ...new TextEncoder().encode('"\r\n[Version]\r\nsignature="$CHICAGO$"\r\n'),
    ]);
    for (const name of ['policy.inf', 'policy.txt'])
      assertInvalid(
        () => evidenceFromFiles([file(name, ansi)]),
        new RegExp(`^${name.replace('.', '\\.')}: neither UTF-16LE nor UTF-8`),
      );
  });
});

describe('REGEDIT4 (regedit, "Win9x/NT4 Registration Files")', () => {
  it('reads an ASCII export like a 5.00 one', () => {
    const r = parseRegExport('rdp.reg', bytes(join(FORMATS, 'reg-export-regedit4.reg')));
    const key = [...r.keys.values()][0];
    assert.deepEqual(key?.values.get('MINENCRYPTIONLEVEL')?.data, { type: 'REG_DWORD', value: 4 });
    const ev = evidenceFromFiles([fixture('reg-export-regedit4.reg')]).evidence;
    assert.equal(
      ev.registry['rdp-tcp-encryption-level']?.state === 'dword' &&
        ev.registry['rdp-tcp-encryption-level'].data,
      4,
    );
  });

  it('refuses one with a byte beyond ASCII, whose code page it does not name, under any file name', () => {
    for (const name of ['rdp.reg', 'rdp-tcp.txt'])
      assertInvalid(
        () => evidenceFromFiles([fixture('reg-export-regedit4-ansi.reg', name)]),
        new RegExp(`^${name.replace('.', '\\.')}: a REGEDIT4 export .*non-ASCII byte at offset \\d+`),
      );
  });

  it('converted to UTF-16: ASCII content is read, anything else refused', () => {
    const t = text(join(FORMATS, 'reg-export-regedit4.reg'));
    assert.equal(parseRegExport('u.reg', utf16leWithBom(t)).keys.size, 1);
    assertInvalid(
      () =>
        parseRegExport('u.reg', utf16leWithBom(t.replace('"Comment"=""', '"Comment"="Bureau à distance"'))),
      /^u\.reg: a REGEDIT4 export \(ANSI\) that holds non-ASCII characters/,
    );
  });
});

describe('event files with an <Events> root', () => {
  it('reads wevtutil … /e:Events', () => {
    const f = fixture('wevtutil-termdd-events-root.xml');
    assert.deepEqual(recogniseEvidence(f), { format: 'wevtutil-xml' });
    const e = parseWevtutilEvents(f.name, text(join(FORMATS, f.name)));
    assert.deepEqual(
      e.events.map((x) => [x.recordId, x.component]),
      [
        [48240, 'DATA ENCRYPTION'],
        [48262, 'DATA ENCRYPTION'],
      ],
    );
  });

  it('reads Event Viewer / PowerShell XML: UTF-16LE, a declaration, <Events> on its own line', () => {
    const f = fixture('eventviewer-termdd-saved.xml');
    assert.deepEqual(recogniseEvidence(f), { format: 'wevtutil-xml' });
    assert.equal(parseWevtutilEvents(f.name, text(join(FORMATS, f.name))).events.length, 2);
  });

  it('an <Events> root with attributes is still events, and one cut short is refused', () => {
    const t = text(join(FORMATS, 'wevtutil-termdd-events-root.xml'));
    const withNs = t.replace(
      '<Events>',
      '<Events xmlns:evt="http://schemas.microsoft.com/win/2004/08/events/event">',
    );
    assert.deepEqual(recogniseEvidence(file('e.xml', new TextEncoder().encode(withNs))), {
      format: 'wevtutil-xml',
    });
    assert.equal(parseWevtutilEvents('e.xml', withNs).events.length, 2);
    assertInvalid(
      () => parseWevtutilEvents('cut.xml', t.slice(0, t.length - 40)),
      /^cut\.xml: not well-formed/,
    );
  });
});

describe('GPO backups (Backup-GPO) are recognised, never read as a server', () => {
  const backupFiles = ['Backup.xml', 'bkupInfo.xml', 'gpreport.xml'].map((n) =>
    file(n, bytes(join(BACKUP, n))),
  );

  it("the backup's own folder is refused as a GPO backup, naming the GPO", () => {
    assertInvalid(
      () => evidenceFromFiles(backupFiles),
      /^Backup\.xml: this folder is a GPO backup \(Backup-GPO\) of GPO "Contoso RDS Baseline" \{7D2F1C90-4A3B-4E21-9C5D-0B8E6A1F3C42\}, not evidence of a server's state/,
    );
  });

  it('its GptTmpl.inf and registry.pol copied out beside bkupInfo.xml are not read as the server', () => {
    const sysvol = join(BACKUP, 'DomainSysvol/GPO/Machine');
    assertInvalid(
      () =>
        evidenceFromFiles([
          file('GptTmpl.inf', bytes(join(sysvol, 'microsoft/windows nt/SecEdit/GptTmpl.inf'))),
          file('registry.pol', bytes(join(sysvol, 'registry.pol'))),
          file('bkupInfo.xml', bytes(join(BACKUP, 'bkupInfo.xml'))),
        ]),
      /^bkupInfo\.xml: this folder is a GPO backup/,
    );
  });

  it('read from disk: the backup folder, and the Backup-GPO root above it, each say what they are', () => {
    assertInvalid(
      () => readEvidenceFolder(BACKUP),
      /this folder is a GPO backup \(Backup-GPO\) of GPO "Contoso RDS Baseline"/,
    );
    assertInvalid(
      () => readEvidenceFolder(join(FORMATS, 'gpo-backup')),
      /^evidence folder: no usable evidence.*\{E41B9A27-6C0D-4F38-8B12-5D7A3E9C0F61\} \(a folder holding a GPO backup \(Backup-GPO\) of GPO "Contoso RDS Baseline"/,
    );
  });

  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a backup kept in a sub-folder of real evidence is skipped and named; the verdict is unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fipsfix-evidence-'));
    dirs.push(dir);
    cpSync(join(SHARED, 'listener-fips'), dir, { recursive: true });
    rmSync(join(dir, 'expected.json'));
    cpSync(BACKUP, join(dir, 'rds-baseline-backup'), { recursive: true });
    const r = readEvidenceFolder(dir);
    const skip = r.skipped.find((s) => s.file === 'rds-baseline-backup');
    assert.match(skip?.reason ?? '', /GPO backup \(Backup-GPO\) of GPO "Contoso RDS Baseline"/);
    assert.deepEqual(
      diagnose(r.evidence).causes,
      diagnose(evidenceFromFiles(folder(join(SHARED, 'listener-fips'))).evidence).causes,
    );
  });

  it("a GPO's settings report (gpreport.xml, Get-GPOReport) beside evidence is skipped and named", () => {
    const r = evidenceFromFiles([...folder(join(SHARED, 'listener-fips')), backupFiles[2] as EvidenceFile]);
    assert.match(
      r.skipped.find((s) => s.file === 'gpreport.xml')?.reason ?? '',
      /settings report of GPO "Contoso RDS Baseline".*gpresult \/scope computer \/x/,
    );
    assert.equal(diagnose(r.evidence).verdict, 'blocked');
  });
});

describe('gpresult /h (HTML)', () => {
  it('is skipped and named with the command to run instead, and the rest of the folder is read', () => {
    for (const name of ['gpresult.html', 'gpresult-h.xml']) {
      const r = evidenceFromFiles([
        ...folder(join(SHARED, 'listener-fips')),
        fixture('gpresult-h.html', name),
      ]);
      assert.match(
        r.skipped.find((s) => s.file === name)?.reason ?? '',
        /gpresult \/h.*gpresult \/scope computer \/x FILE/,
      );
      assert.equal(diagnose(r.evidence).verdict, 'blocked');
    }
  });

  it('alone, it leaves no usable evidence, and the refusal carries the hint', () => {
    assertInvalid(
      () => evidenceFromFiles([fixture('gpresult-h.html', 'rsop.html')]),
      /^evidence folder: no usable evidence.*rsop\.html \(a Group Policy HTML report.*gpresult \/scope computer \/x FILE/,
    );
  });

  it('other HTML is no evidence FipsFix knows either: skipped, or an error when named like XML', () => {
    const page = new TextEncoder().encode('<!DOCTYPE html>\n<html><body>notes</body></html>\n');
    const r = evidenceFromFiles([...folder(join(SHARED, 'listener-fips')), file('notes.html', page)]);
    assert.ok(r.skipped.some((s) => s.file === 'notes.html'));
    assertInvalid(() => evidenceFromFiles([file('notes.xml', page)]), /^notes\.xml: /);
  });
});
