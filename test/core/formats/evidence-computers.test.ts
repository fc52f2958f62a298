// Evidence from more than one machine: a folder whose files name different computers (gpresult's
// computer, events' Computer, rsop.json's computerName, the collect manifest's machine) is refused
// naming each computer and its files; names Windows writes differently for one machine are one.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diagnose } from '../../../src/core/diagnose';
import { computersNamedBy, sameComputer } from '../../../src/core/formats/evidence-computers';
import { evidenceFromFiles, type EvidenceFile } from '../../../src/core/formats/evidence-folder';
import {
  EVIDENCE_MANIFEST_FILE,
  EVIDENCE_MANIFEST_FORMAT,
  type EvidenceManifest,
} from '../../../src/core/formats/evidence-manifest';
import { InvalidEvidence } from '../../../src/core/formats/invalid-evidence';
import { utf16leWithBom } from '../../fixture-writers';

const FIXTURES = join(__dirname, '../../fixtures');
const SAMPLE = join(FIXTURES, 'shared-evidence/listener-fips');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The shared sample of server APP-TS02: gpresult FABRIKAM\APP-TS02$, events APP-TS02.fabrikam.local. */
function appTs02(): EvidenceFile[] {
  return readdirSync(SAMPLE)
    .filter((n) => n !== 'expected.json')
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(SAMPLE, name))) }));
}
const fixture = (path: string, name = path.split('/').pop() ?? path): EvidenceFile => ({
  name,
  bytes: new Uint8Array(readFileSync(join(FIXTURES, path))),
});
const without = (files: EvidenceFile[], name: string): EvidenceFile[] => files.filter((f) => f.name !== name);

function refusal(files: EvidenceFile[]): string {
  try {
    evidenceFromFiles(files, { sha256 });
  } catch (e) {
    assert.ok(e instanceof InvalidEvidence, String(e));
    return e.message;
  }
  assert.fail('the folder was read');
}

function manifestFor(machine: string, files: readonly EvidenceFile[]): EvidenceFile {
  const m: EvidenceManifest = {
    format: EVIDENCE_MANIFEST_FORMAT,
    machine,
    collectedAt: '2026-11-20T09:15:00.000Z',
    files: files.map((f) => ({ name: f.name, bytes: f.bytes.length, sha256: sha256(f.bytes) })),
    notCollected: [],
  };
  return { name: EVIDENCE_MANIFEST_FILE, bytes: new TextEncoder().encode(JSON.stringify(m, null, 2)) };
}

describe('one computer, however Windows writes its name', () => {
  const same: [string, string][] = [
    ['APP-TS02', 'app-ts02'],
    ['APP-TS02', 'app-ts02.fabrikam.local'],
    ['FABRIKAM\\APP-TS02$', 'APP-TS02.fabrikam.local'],
    ['FABRIKAM\\APP-TS02$', 'APP-TS02'],
    // NetBIOS: the DNS host name cut to 15 characters.
    ['FABRIKAM\\APP-REMOTEDESKT$', 'app-remotedesktop02.fabrikam.local'],
  ];
  for (const [a, b] of same)
    it(`${a} and ${b}`, () => {
      assert.equal(sameComputer(a, b), true);
      assert.equal(sameComputer(b, a), true);
    });

  const different: [string, string][] = [
    ['APP-TS02', 'APP-TS07'],
    ['APP-TS02', 'APP-TS02B'],
    ['app-ts02.fabrikam.local', 'app-ts02.contoso.com'],
    ['FABRIKAM\\APP-TS02$', 'CONTOSO\\APP-TS02$'],
    // Only a name of exactly 15 characters can be a cut one.
    ['APP-REMOTEDESK', 'APP-REMOTEDESKTOP02'],
    ['APP-REMOTEDESKT', 'APP-REMOTEDESKX02'],
  ];
  for (const [a, b] of different)
    it(`not ${a} and ${b}`, () => {
      assert.equal(sameComputer(a, b), false);
      assert.equal(sameComputer(b, a), false);
    });
});

describe('what each file says about its computer', () => {
  it("gpresult's ComputerResults/Name (not UserResults'), every event's Computer, rsop.json, the manifest", () => {
    const files = [
      ...appTs02(),
      fixture('machines/termdd-events-renamed.xml', 'older-events.xml'),
      fixture('formats/rsop-domain-fips-rdp.json'),
      // Unelevated: no computer part, so no computer named (UserResults names the user).
      fixture('formats/gpresult-unelevated.xml'),
    ];
    assert.deepEqual(
      computersNamedBy(files, { file: EVIDENCE_MANIFEST_FILE, machine: 'APP-TS02' }).map((n) => [
        n.file,
        n.source,
        n.computer,
        n.lastLogged,
      ]),
      [
        [EVIDENCE_MANIFEST_FILE, 'manifest', 'APP-TS02', undefined],
        ['gpresult.xml', 'gpresult', 'FABRIKAM\\APP-TS02$', undefined],
        ['older-events.xml', 'events', 'FILESRV09.fabrikam.local', '2026-10-30T16:48:02.9100000Z'],
        ['older-events.xml', 'events', 'APP-TS02.fabrikam.local', '2026-11-19T10:41:07.1234567Z'],
        ['rsop-domain-fips-rdp.json', 'rsop', 'RDSH01', undefined],
        ['termdd-events.xml', 'events', 'APP-TS02.fabrikam.local', '2026-11-19T12:41:07.1234567Z'],
      ],
    );
  });
});

describe('a folder whose files name different computers is refused, naming both', () => {
  it("another server's gpresult beside APP-TS02's files", () => {
    const message = refusal([...appTs02(), fixture('machines/gpresult-app-ts07.xml')]);
    assert.match(message, /^evidence folder: its files name 2 different computers/);
    assert.match(
      message,
      /\n {2}APP-TS02: gpresult\.xml \(gpresult's computer FABRIKAM\\APP-TS02\$\), termdd-events\.xml \(events logged by APP-TS02\.fabrikam\.local\)\n/,
    );
    assert.match(
      message,
      /\n {2}APP-TS07: gpresult-app-ts07\.xml \(gpresult's computer FABRIKAM\\APP-TS07\$\)\n/,
    );
    assert.match(message, /Put each server's files in a folder of its own and diagnose each folder\./);
    // Refused for what it is, not as "a second gpresult report".
    assert.doesNotMatch(message, /second gpresult/);
    // Two gpresults: no events-only computer, so no word about a rename.
    assert.doesNotMatch(message, /earlier name/);
  });

  it("another server's events: the refusal also says how to tell a rename", () => {
    const message = refusal([
      ...without(appTs02(), 'termdd-events.xml'),
      fixture('machines/termdd-events-app-ts07.xml'),
    ]);
    assert.match(message, /APP-TS02: gpresult\.xml \(gpresult's computer FABRIKAM\\APP-TS02\$\)\n/);
    assert.match(
      message,
      /APP-TS07: termdd-events-app-ts07\.xml \(events logged by APP-TS07\.fabrikam\.local\)/,
    );
    assert.match(
      message,
      /If APP-TS07 is an earlier name of APP-TS02 \(an event keeps the name its computer had when it was logged\), export the events again from after the rename \(the last event naming APP-TS07 was logged at 2026-11-19T09:30:12\.0041877Z\), or remove termdd-events-app-ts07\.xml\./,
    );
  });

  it('an event that is not TermDD 50 names its computer too: the file is read as a whole', () => {
    const events = readFileSync(join(SAMPLE, 'termdd-events.xml'), 'latin1');
    const kernelEvent = /<Event [^]*?<\/Event>/.exec(events)?.[0] ?? '';
    assert.match(kernelEvent, /Microsoft-Windows-Kernel-General/);
    const message = refusal([
      ...without(appTs02(), 'termdd-events.xml'),
      {
        name: 'termdd-events.xml',
        bytes: new TextEncoder().encode(
          events.replace(
            kernelEvent,
            kernelEvent.replace('APP-TS02.fabrikam.local', 'APP-TS07.fabrikam.local'),
          ),
        ),
      },
    ]);
    assert.match(message, /APP-TS07: termdd-events\.xml \(events logged by APP-TS07\.fabrikam\.local\)/);
  });

  it('a renamed server: its older events name the old name, and are refused too', () => {
    const message = refusal([
      ...without(appTs02(), 'termdd-events.xml'),
      fixture('machines/termdd-events-renamed.xml', 'termdd-events.xml'),
    ]);
    assert.match(
      message,
      /APP-TS02: gpresult\.xml .*, termdd-events\.xml \(events logged by APP-TS02\.fabrikam\.local\)/,
    );
    assert.match(message, /FILESRV09: termdd-events\.xml \(events logged by FILESRV09\.fabrikam\.local\)/);
    assert.match(
      message,
      /If FILESRV09 is an earlier name of APP-TS02 .* \(the last event naming FILESRV09 was logged at 2026-10-30T16:48:02\.9100000Z\), or remove termdd-events\.xml\./,
    );
    // The query that exports only what was logged after the last event under the old name.
    assert.ok(
      message.includes(
        `\n  wevtutil qe System /q:"*[System[Provider[@Name='TermDD'] and (EventID=50) and TimeCreated[@SystemTime>='2026-10-30T16:48:02.911Z']]]" /f:xml /c:50 /rd:true > termdd-events.xml`,
      ),
      message,
    );
  });

  it('rsop.json of another computer', () => {
    const message = refusal([...appTs02(), fixture('formats/rsop-domain-fips-rdp.json')]);
    assert.match(message, /RDSH01: rsop-domain-fips-rdp\.json \(rsop\.json's computerName RDSH01\)/);
  });

  it('a collect manifest of another machine: a file added since that names another computer', () => {
    const collected = appTs02().filter((f) => f.name.endsWith('.reg'));
    const added = appTs02().find((f) => f.name === 'gpresult.xml');
    assert.ok(added);
    const message = refusal([...collected, manifestFor('APP-TS07', collected), added]);
    assert.match(message, /APP-TS07: fipsfix-manifest\.json \(collected on APP-TS07\)/);
    assert.match(message, /APP-TS02: gpresult\.xml/);
  });

  it('and nothing is diagnosed: the same files, one server at a time, each give a verdict', () => {
    const other = fixture('machines/gpresult-app-ts07.xml');
    assert.equal(evidenceFromFiles(appTs02(), { sha256 }).evidence.machine.name, 'APP-TS02');
    const alone = evidenceFromFiles([
      { ...other, name: 'gpresult.xml' },
      ...without(appTs02(), 'gpresult.xml').filter((f) => f.name !== 'termdd-events.xml'),
    ]);
    assert.equal(alone.evidence.machine.name, 'APP-TS07');
    assert.equal(diagnose(alone.evidence).blocksRemoteAssistance, true);
  });
});

describe('files that name one computer in different ways are read together', () => {
  it('the DNS name in lower case: the name shown is the one gpresult gives', () => {
    const r = evidenceFromFiles([
      ...without(appTs02(), 'termdd-events.xml'),
      fixture('machines/termdd-events-lowercase.xml'),
    ]);
    assert.equal(r.evidence.machine.name, 'APP-TS02');
    assert.equal(r.evidence.termDd?.events[0]?.computer, 'app-ts02.fabrikam.local');
  });

  it('a NetBIOS name cut to 15 characters and the full DNS name', () => {
    const gpresult = new TextDecoder('utf-16le')
      .decode(readFileSync(join(SAMPLE, 'gpresult.xml')).subarray(2))
      .replace('FABRIKAM\\APP-TS02$', 'FABRIKAM\\APP-REMOTEDESKT$');
    const events = readFileSync(join(SAMPLE, 'termdd-events.xml'), 'latin1').replace(
      /APP-TS02\.fabrikam\.local/g,
      'app-remotedesktop02.fabrikam.local',
    );
    const r = evidenceFromFiles([
      ...without(without(appTs02(), 'gpresult.xml'), 'termdd-events.xml'),
      { name: 'gpresult.xml', bytes: utf16leWithBom(gpresult) },
      { name: 'termdd-events.xml', bytes: new TextEncoder().encode(events) },
    ]);
    assert.equal(r.evidence.machine.name, 'APP-REMOTEDESKT');
  });

  it('the manifest of the same machine; without gpresult, the name comes from the manifest', () => {
    const collected = appTs02().filter((f) => f.name.endsWith('.reg'));
    const r = evidenceFromFiles([...collected, manifestFor('app-ts02', collected)], { sha256 });
    assert.equal(r.evidence.machine.name, 'app-ts02');
    const withGpresult = evidenceFromFiles([...appTs02(), manifestFor('app-ts02', appTs02())], { sha256 });
    assert.equal(withGpresult.evidence.machine.name, 'APP-TS02');
  });

  it('events alone: the first label of their DNS name', () => {
    const r = evidenceFromFiles(appTs02().filter((f) => f.name !== 'gpresult.xml'));
    assert.equal(r.evidence.machine.name, 'APP-TS02');
  });

  it('files that name no computer (reg exports, secedit, Registry.pol) never make a folder mixed', () => {
    const r = evidenceFromFiles(appTs02().filter((f) => !f.name.endsWith('.xml')));
    assert.deepEqual(r.evidence.machine, {});
  });
});
