// What may be started elevated (issue 12, point 6): only FipsFix's own install folder under Program
// Files, never the Windows folder (C:\Windows\Temp\fipsfix.exe was accepted, and standard users can
// create files there), and only when the install folder's access lists, read with icacls /save,
// let no one but administrators change it. icacls does not run here: a double writes its /save file
// as Windows does (UTF-16LE, a name line then an SDDL line per object), from SDDL strings built
// from the default Program Files ACL that `icacls "C:\Program Files"` shows (not a captured file).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { elevatedCommandFor } from '../../../src/machine/windows/elevated-command';
import {
  installFolderProblem,
  installProblemFor,
  parseDacl,
  parseIcaclsSave,
  trustedInstallRoots,
  untrustedWriters,
} from '../../../src/machine/windows/install-trust';
import { systemTool, type ProcessRunner } from '../../../src/machine/windows/process-runner';

const TI = 'S-1-5-80-956008885-3418522649-1831038044-1850028505-3120000256';
/** Program Files as Windows sets it up: TrustedInstaller, SYSTEM and Administrators change it; Users read. */
const PROGRAM_FILES =
  `D:PAI(A;;FA;;;${TI})(A;CIIO;GA;;;${TI})(A;;0x1301bf;;;SY)(A;OICIIO;GA;;;SY)(A;;0x1301bf;;;BA)` +
  `(A;OICIIO;GA;;;BA)(A;;0x1200a9;;;BU)(A;OICIIO;GXGR;;;BU)(A;OICIIO;GA;;;CO)(A;;0x1200a9;;;AC)` +
  `(A;OICIIO;GXGR;;;AC)(A;;0x1200a9;;;S-1-15-2-2)(A;OICIIO;GXGR;;;S-1-15-2-2)`;
/** What an item below it inherits. */
const INHERITED = `D:AI(A;ID;FA;;;${TI})(A;OICIID;GA;;;SY)(A;OICIID;GA;;;BA)(A;OICIID;0x1200a9;;;BU)(A;OICIIOID;GA;;;CO)`;

const FOLDERS = { windows: 'C:\\Windows', programFiles: ['C:\\Program Files', 'C:\\Program Files (x86)'] };

/** A runner that answers `icacls TARGET /save FILE …` by writing FILE as icacls would. */
function icacls(acls: Record<string, [name: string, sddl: string][]>): ProcessRunner & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    run: (program, args) => {
      calls.push([program, ...args]);
      const [target, save, file] = args;
      const entries = target !== undefined ? acls[target] : undefined;
      if (save !== '/save' || file === undefined || !entries)
        return Promise.resolve({ status: 5, stdout: '', stderr: 'Access is denied.' });
      const text = entries.map(([n, s]) => `${n}\r\n${s}\r\n`).join('');
      writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      return Promise.resolve({ status: 0, stdout: '', stderr: '' });
    },
  };
}

describe('trusted install roots', () => {
  it("are FipsFix's folder under each Program Files, not Program Files or Windows as a whole", () => {
    assert.deepEqual(trustedInstallRoots(FOLDERS), [
      'C:\\Program Files\\FipsFix',
      'C:\\Program Files (x86)\\FipsFix',
    ]);
  });

  for (const exe of [
    'C:\\Windows\\Temp\\fipsfix.exe',
    'C:\\Windows\\System32\\spool\\drivers\\color\\FipsFix.exe',
    'C:\\Program Files\\Other\\FipsFix.exe',
    'C:\\Program Files\\FipsFix.evil\\FipsFix.exe',
    'C:\\Program Files\\FipsFix\\..\\..\\Windows\\Temp\\FipsFix.exe',
    'C:\\PROGRA~1\\FipsFix\\FipsFix.exe',
  ])
    it(`refuses to start ${exe} elevated`, () => {
      const r = elevatedCommandFor('apply-plan', 'C:\\plan.json', '0'.repeat(64), {
        executable: exe,
        paths: path.win32,
      });
      assert.equal(r.ok, false);
      assert.match(
        r.ok ? '' : r.reason,
        /outside the folders only administrators can change that FipsFix trusts \(C:\\Program Files\\FipsFix, C:\\Program Files \(x86\)\\FipsFix\)/,
      );
    });

  it('accepts the installed app and the installed single-file CLI by their place', () => {
    for (const exe of [
      'C:\\Program Files\\FipsFix\\FipsFix.exe',
      'C:\\Program Files (x86)\\FipsFix\\fipsfix.exe',
    ]) {
      const r = elevatedCommandFor('apply-plan', 'C:\\no-such-plan.json', '0'.repeat(64), {
        executable: exe,
        paths: path.win32,
      });
      // Past the place check, it stops at reading the plan (which does not exist here).
      assert.match(r.ok ? '' : r.reason, /plan C:\\no-such-plan\.json/);
    }
  });
});

describe('the access lists of the install folder (icacls /save)', () => {
  it('parses SDDL ACEs: masks, two-letter rights, flags, SIDs', () => {
    assert.deepEqual(parseDacl('D:PAI(A;OICIIO;GXGR;;;BU)(A;;0x1301bf;;;S-1-5-21-1-2-3-1001)'), [
      { type: 'A', flags: ['OI', 'CI', 'IO'], mask: 0xa0000000, sid: 'BU' },
      { type: 'A', flags: [], mask: 0x1301bf, sid: 'S-1-5-21-1-2-3-1001' },
    ]);
    assert.equal(parseDacl('D:(A;;ZZ;;;BU)'), undefined, 'an unknown right is refused, not guessed');
    assert.equal(parseDacl('O:BAG:SY'), undefined);
    assert.equal(parseIcaclsSave('FipsFix\r\n'), undefined, 'a name without its DACL');
  });

  it('the default Program Files ACL and what the installer inherits from it: only administrators change them', () => {
    const entries = parseIcaclsSave(
      `Program Files\r\n${PROGRAM_FILES}\r\nFipsFix\r\n${INHERITED}\r\nFipsFix\\FipsFix.exe\r\n${INHERITED}\r\n`,
    );
    assert.ok(entries);
    assert.deepEqual(untrustedWriters(entries), []);
  });

  it('a folder or file in the tree that Users, Everyone or one user may change is found', () => {
    for (const [ace, sid] of [
      ['(A;OICI;0x1301bf;;;BU)', 'BU'],
      ['(A;;FA;;;WD)', 'WD'],
      ['(A;;0x100116;;;S-1-5-21-1-2-3-1001)', 'S-1-5-21-1-2-3-1001'],
      ['(A;;SD;;;AU)', 'AU'],
      ['(A;;WD;;;BU)', 'BU'],
    ] as const) {
      const entries = parseIcaclsSave(`FipsFix\\resources\r\n${INHERITED}${ace}\r\n`);
      assert.ok(entries);
      assert.deepEqual(
        untrustedWriters(entries).map((w) => [w.name, w.sid]),
        [['FipsFix\\resources', sid]],
        ace,
      );
    }
    // Inherit-only ACEs do not apply to the object itself; CREATOR OWNER names no one.
    const fine = parseIcaclsSave(`FipsFix\r\n${INHERITED}(A;OICIIO;GA;;;BU)(A;;FA;;;CO)\r\n`);
    assert.deepEqual(untrustedWriters(fine ?? []), []);
  });

  it('installFolderProblem reads the tree and Program Files; says who can change what', async () => {
    const ok = icacls({
      'C:\\Program Files\\FipsFix': [
        ['FipsFix', INHERITED],
        ['FipsFix\\FipsFix.exe', INHERITED],
      ],
      'C:\\Program Files': [['Program Files', PROGRAM_FILES]],
    });
    assert.equal(await installFolderProblem('C:\\Program Files\\FipsFix', ok, 'C:\\Windows'), undefined);
    const tool = systemTool('C:\\Windows', 'icacls');
    assert.deepEqual(
      ok.calls.map((c) => [c[0], c[1], c[2], ...c.slice(4)]),
      [
        [tool, 'C:\\Program Files\\FipsFix', '/save', '/T', '/C', '/Q'],
        [tool, 'C:\\Program Files', '/save', '/C', '/Q'],
      ],
    );
    const writable = icacls({
      'C:\\Program Files\\FipsFix': [
        ['FipsFix', INHERITED],
        ['FipsFix\\resources\\app.asar', `${INHERITED}(A;;0x1301bf;;;BU)`],
      ],
      'C:\\Program Files': [['Program Files', PROGRAM_FILES]],
    });
    assert.match(
      (await installFolderProblem('C:\\Program Files\\FipsFix', writable, 'C:\\Windows')) ?? '',
      /^FipsFix\\resources\\app\.asar can be changed by Users \(rights 0x1301bf\), not only by administrators/,
    );
    const renamable = icacls({
      'C:\\Program Files\\FipsFix': [['FipsFix', INHERITED]],
      'C:\\Program Files': [['Program Files', `${PROGRAM_FILES}(A;;DT;;;BU)`]],
    });
    assert.match(
      (await installFolderProblem('C:\\Program Files\\FipsFix', renamable, 'C:\\Windows')) ?? '',
      /^Program Files can be changed by Users/,
    );
  });

  it('when the access lists cannot be read or understood, the prompt is refused (fail closed)', async () => {
    const denied = icacls({});
    assert.match(
      (await installProblemFor(['C:\\Program Files\\FipsFix\\FipsFix.exe'], FOLDERS, denied)) ?? '',
      /could not be read .* not known that only administrators can change it/,
    );
    const garbled = icacls({ 'C:\\Program Files\\FipsFix': [['FipsFix', 'not sddl']] });
    assert.match(
      (await installProblemFor(['C:\\Program Files\\FipsFix\\FipsFix.exe'], FOLDERS, garbled)) ?? '',
      /in a form FipsFix does not know/,
    );
  });
});
