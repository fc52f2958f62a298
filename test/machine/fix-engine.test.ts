// The fix engine on the simulated machine: apply by the method that turned FIPS on, verify, survive a
// policy refresh, roll back exactly; and every fault leaves the machine as it was.
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { canonicalJson, type BackupFile } from '../../src/core/backup';
import { diagnose } from '../../src/core/diagnose';
import { parseRegExport } from '../../src/core/formats/reg-export';
import { planRemediation, type RemediationPlan } from '../../src/core/plan';
import { BackupStore, sha256Of } from '../../src/machine/backup-store';
import {
  applyPlan,
  rollback,
  verifyAfterRefresh,
  type EngineContext,
  type EngineStep,
} from '../../src/machine/fix-engine';
import { Journal } from '../../src/machine/journal';
import { MachineFailure } from '../../src/machine/machine';
import { loadSimulatedMachine } from '../../src/machine/simulated/load-simulated-machine';
import { SimulatedHost, type SimulatedFaults } from '../../src/machine/simulated/simulated-host';
import { securityDatabaseFips } from '../../src/machine/simulated/simulated-evidence';
import type { SimulatedMachine } from '../../src/machine/simulated/simulated-machine-schema';

/**
 * What Windows would show: the registry, the security database's FIPS value and the local GPO. (A
 * rollback restores a tattooed security option as a local one: the same value in the same places.)
 */
function functionalOf(m: SimulatedMachine): unknown {
  return {
    registry: m.registry,
    securityDatabase: securityDatabaseFips(m)?.data ?? 'not-defined',
    localGpo: m.localGpo,
    domainGpos: m.domainGpos,
  };
}
const functional = (h: SimulatedHost): unknown => functionalOf(h.snapshot());

function setup(
  scenario: string,
  faults: SimulatedFaults = {},
): { host: SimulatedHost; ctx: EngineContext; steps: EngineStep[]; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fipsfix-engine-'));
  const host = new SimulatedHost(
    loadSimulatedMachine(scenario).machine,
    scenario,
    join(dir, 'machine.json'),
    faults,
  );
  const steps: EngineStep[] = [];
  const ctx: EngineContext = {
    machine: host,
    store: new BackupStore(join(dir, 'backups')),
    journal: new Journal(join(dir, 'journal.json')),
    toolVersion: 'test',
    onStep: (s) => steps.push(s),
  };
  return { host, ctx, steps, dir };
}

async function planFor(host: SimulatedHost, choices = {}): Promise<RemediationPlan> {
  return planRemediation(diagnose(await host.evidence.collectAll()), choices);
}

describe('apply by the same method, verify, roll back', () => {
  for (const [scenario, via] of [
    ['rdp-tcp-fips', 'rdp-tcp-value'],
    ['fips-local-security-policy', 'local-security-policy'],
    ['fips-registry-direct', 'registry'],
    ['rdp-policy-local-gpo', 'local-gpo'],
    ['fips-tattoo', 'local-security-policy'],
    ['both-methods', 'local-security-policy,rdp-tcp-value'],
    // Drift: off in the registry, on in the local policy that puts it back; fixed where it is defined.
    ['fips-drift-local-security-policy', 'local-security-policy'],
    ['rdp-policy-drift-local-gpo', 'local-gpo'],
    ['listener-3390-fips', 'rdp-tcp-value'],
    ['listener-tls-fips', 'rdp-tcp-value'],
  ] as const) {
    it(`${scenario}: applied via ${via}, not blocked afterwards, survives a policy refresh, rolls back to the exact state`, async () => {
      const { host, ctx, steps } = setup(scenario);
      const original = host.snapshot();
      const plan = await planFor(host);
      assert.equal(plan.kind === 'changes' && plan.changes.map((c) => c.via).join(','), via);
      const outcome = await applyPlan(ctx, plan);
      assert.equal(outcome.kind, 'applied', JSON.stringify(outcome));
      if (outcome.kind !== 'applied') return;
      assert.ok(outcome.verification.every((v) => v.ok));
      assert.equal(outcome.diagnosisAfter.blocksRemoteAssistance, false);
      assert.deepEqual(
        [...new Set(steps.map((s) => s.phase))],
        plan.kind === 'changes' && plan.refreshPolicyAfter
          ? ['recheck', 'backup', 'write', 'refresh', 'verify']
          : ['recheck', 'backup', 'write', 'verify'],
      );
      assert.equal(ctx.journal.read().kind, 'none');

      const afterRefresh = await verifyAfterRefresh(ctx, outcome.backup.id);
      assert.equal(afterRefresh.diagnosis.blocksRemoteAssistance, false, 'the fix survives gpupdate');
      assert.equal(ctx.store.readRun(outcome.backup.id, 'apply')?.afterRefresh?.ok, true);

      const again = await applyPlan(ctx, await planFor(host));
      assert.equal(again.kind, 'already-fixed');

      const back = await rollback(ctx, outcome.backup.id);
      assert.equal(back.kind, 'restored', JSON.stringify(back));
      assert.deepEqual(functional(host), functionalOf(original));
      assert.equal((await rollback(ctx, outcome.backup.id)).kind, 'already-restored');
    });
  }

  it("another listener's value is backed up as it was, and rollback restores that value alone", async () => {
    const { host, ctx } = setup('listener-3390-fips');
    const outcome = await applyPlan(ctx, await planFor(host));
    assert.equal(outcome.kind, 'applied');
    if (outcome.kind !== 'applied') return;
    const file = JSON.parse(readFileSync(outcome.backup.file, 'utf8')) as BackupFile;
    assert.deepEqual(file.content.values, [
      {
        id: 'listener-encryption-level:RDP-Tcp-3390',
        path: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp-3390',
        name: 'MinEncryptionLevel',
        existed: true,
        type: 'REG_DWORD',
        data: 4,
      },
    ]);
    assert.deepEqual(host.registry.readValue('listener-encryption-level:RDP-Tcp-3390'), {
      exists: true,
      type: 'REG_DWORD',
      data: 3,
    });
    // RDP-Tcp was not touched.
    assert.deepEqual(host.registry.readValue('rdp-tcp-encryption-level'), {
      exists: true,
      type: 'REG_DWORD',
      data: 2,
    });
    assert.equal((await rollback(ctx, outcome.backup.id)).kind, 'restored');
    assert.deepEqual(host.registry.readValue('listener-encryption-level:RDP-Tcp-3390'), {
      exists: true,
      type: 'REG_DWORD',
      data: 4,
    });
  });

  it('the re-check reads every listener: one set to FIPS after the plan was made refuses the plan', async () => {
    const { host, ctx } = setup('listener-3390-fips');
    const plan = await planFor(host);
    host.registry.setDword('rdp-tcp-encryption-level', 4);
    const outcome = await applyPlan(ctx, plan);
    assert.equal(outcome.kind, 'refused');
    if (outcome.kind === 'refused')
      assert.match(outcome.reasons.join(' '), /machine changed since this plan/);
    assert.deepEqual(host.registry.readValue('listener-encryption-level:RDP-Tcp-3390'), {
      exists: true,
      type: 'REG_DWORD',
      data: 4,
    });
  });

  it("a listener's level is written only into an existing WinStations key with a PortNumber, never created", () => {
    const { host } = setup('listener-3390-fips');
    assert.throws(
      () => host.registry.setDword('listener-encryption-level:RDP-Tcp-9999', 3),
      (e: unknown) => e instanceof MachineFailure && e.code === 'KeyNotFound',
    );
    assert.throws(
      () => host.registry.setDword('listener-encryption-level:Console', 3),
      (e: unknown) => e instanceof RangeError,
    );
    const before = host.snapshot();
    assert.equal(
      Object.keys(before.registry).some((k) => /RDP-Tcp-9999/.test(k)),
      false,
    );
  });

  it('a fix the wrong way is undone by a policy refresh (why the method matters), and the diagnosis says so first', async () => {
    const { host } = setup('fips-local-security-policy');
    host.registry.setDword('fips-algorithm-policy', 0);
    const drifted = diagnose(await host.evidence.collectAll());
    assert.deepEqual(
      drifted.causes.map((c) => [c.source, c.forcesFipsNow, c.drift?.registryNow]),
      [['local-security-policy', false, 0]],
    );
    assert.notEqual(drifted.effectiveLevel.decidedBy, 'fips-algorithm-policy');
    await host.policy.refreshPolicy();
    const back = diagnose(await host.evidence.collectAll());
    assert.deepEqual(
      back.causes.map((c) => [c.source, c.forcesFipsNow, c.drift]),
      [['local-security-policy', true, undefined]],
    );
  });

  it('drift by a domain GPO: refused, naming the GPO, and nothing is written', async () => {
    const { host, ctx } = setup('fips-drift-domain-gpo');
    const before = host.snapshot();
    const plan = await planFor(host);
    assert.equal(plan.kind, 'refused');
    assert.match(plan.kind === 'refused' ? plan.reasons.join(' ') : '', /Fabrikam FIPS Baseline/);
    assert.equal((await applyPlan(ctx, plan)).kind, 'refused');
    assert.deepEqual(host.snapshot(), before);
    await host.policy.refreshPolicy();
    assert.equal(
      diagnose(await host.evidence.collectAll()).effectiveLevel.decidedBy,
      'fips-algorithm-policy',
    );
  });

  it('the backup holds each value as it was, and its .reg restores them with "Name"=- for a value that did not exist', async () => {
    const { host, ctx } = setup('fips-registry-direct');
    const outcome = await applyPlan(ctx, await planFor(host));
    assert.equal(outcome.kind, 'applied');
    if (outcome.kind !== 'applied') return;
    const file = JSON.parse(readFileSync(outcome.backup.file, 'utf8')) as BackupFile;
    assert.equal(file.sha256, sha256Of(file.content));
    assert.deepEqual(file.content.values, [
      {
        id: 'fips-algorithm-policy',
        path: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy',
        name: 'Enabled',
        existed: true,
        type: 'REG_DWORD',
        data: 1,
      },
    ]);
    const reg = parseRegExport('backup.reg', new Uint8Array(readFileSync(outcome.backup.regFile)));
    assert.deepEqual(
      reg.keys
        .get('HKEY_LOCAL_MACHINE\\SYSTEM\\CURRENTCONTROLSET\\CONTROL\\LSA\\FIPSALGORITHMPOLICY')
        ?.values.get('ENABLED')?.data,
      { type: 'REG_DWORD', value: 1 },
    );
  });

  it('a value that did not exist is deleted on rollback, not set to 0', async () => {
    const { host, ctx } = setup('rdp-tcp-fips');
    // Make the policy value absent and RDP-Tcp the only cause; then back up a value that did not exist
    // by planning a change of the (absent) policy value through a hand-made, allow-listed plan.
    const plan = await planFor(host);
    assert.equal(plan.kind, 'changes');
    const outcome = await applyPlan(ctx, plan);
    assert.equal(outcome.kind, 'applied');
    const s = ctx.store.list().backups[0];
    assert.ok(s);
    const content = {
      ...s.content,
      values: [
        ...s.content.values,
        {
          id: 'rdp-encryption-policy' as const,
          path: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services',
          name: 'MinEncryptionLevel',
          existed: false as const,
        },
      ],
    };
    const stored = ctx.store.write({
      ...content,
      id: s.content.id.replace(/.$/, s.content.id.endsWith('0') ? '1' : '0'),
    });
    host.registry.setDword('rdp-encryption-policy', 3);
    const back = await rollback(ctx, stored.id);
    assert.equal(back.kind, 'restored');
    assert.deepEqual(host.registry.readValue('rdp-encryption-policy'), { exists: false });
    assert.deepEqual(host.registry.readValue('rdp-tcp-encryption-level'), {
      exists: true,
      type: 'REG_DWORD',
      data: 4,
    });
  });
});

describe('refusals change nothing', () => {
  it('a domain GPO: refused, naming the GPO', async () => {
    const { host, ctx } = setup('fips-domain-gpo');
    const before = host.snapshot();
    const outcome = await applyPlan(ctx, await planFor(host));
    assert.equal(outcome.kind, 'refused');
    assert.match(
      outcome.kind === 'refused' ? (outcome.reasons[0] ?? '') : '',
      /Fabrikam Member Server Security/,
    );
    assert.deepEqual(host.snapshot(), before);
    assert.deepEqual(ctx.store.list().backups, []);
  });

  it('the machine changed since the plan (nothing changed behind the administrator’s back)', async () => {
    const { host, ctx } = setup('both-methods');
    const plan = await planFor(host);
    host.registry.setDword('rdp-tcp-encryption-level', 2);
    const before = host.snapshot();
    const outcome = await applyPlan(ctx, plan);
    assert.equal(outcome.kind, 'refused');
    assert.match(outcome.kind === 'refused' ? (outcome.reasons[0] ?? '') : '', /changed since this plan/);
    assert.deepEqual(host.snapshot(), before);
  });

  // Issue 11: the elevated re-check reads every route a GPO can take before it writes. A domain
  // administrator adds one after the plan was made (the state file is what the next read sees).
  const routeAppears = async (
    scenario: string,
    addRoute: (m: SimulatedMachine) => void,
    expect: RegExp,
    prepare?: (m: SimulatedMachine) => void,
  ): Promise<void> => {
    const { host, ctx, dir } = setup(scenario);
    if (prepare) {
      const first = host.snapshot();
      prepare(first);
      writeFileSync(join(dir, 'machine.json'), JSON.stringify(first));
    }
    const plan = await planFor(host);
    assert.equal(plan.kind, 'changes', 'the plan was made before the route appeared');
    const changed = host.snapshot();
    addRoute(changed);
    writeFileSync(join(dir, 'machine.json'), JSON.stringify(changed));
    const before = host.snapshot();
    const outcome = await applyPlan(ctx, plan);
    assert.equal(outcome.kind, 'refused', JSON.stringify(outcome));
    assert.match(outcome.kind === 'refused' ? outcome.reasons.join(' ') : '', expect);
    assert.deepEqual(host.snapshot(), before);
    assert.deepEqual(ctx.store.list().backups, []);
  };
  const gpo = {
    id: '{3C7A1E95-0B2D-4F68-A4C1-9E5D7B2F0A84}',
    name: 'Fabrikam Late Baseline',
    linkedAt: 'fabrikam.local/Servers',
    registryItems: [],
    preferences: [],
    unmappedTemplates: [],
  };

  it('a registry item setting FIPS appears in a domain GPO after the plan: refused, naming it', async () => {
    await routeAppears(
      'fips-registry-direct',
      (m) =>
        m.domainGpos.push({
          ...gpo,
          registryItems: [
            { key: 'SYSTEM\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy', name: 'Enabled', data: 1 },
          ],
        }),
      /Fabrikam Late Baseline.*undone at the next policy refresh/,
    );
  });

  it('a Preferences item writing the RDP-Tcp level appears after the plan: refused, naming the GPO', async () => {
    await routeAppears(
      'rdp-tcp-fips',
      (m) =>
        m.domainGpos.push({
          ...gpo,
          preferences: [
            {
              action: 'U',
              key: 'SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp',
              name: 'MinEncryptionLevel',
              data: 4,
            },
          ],
        }),
      /Fabrikam Late Baseline/,
    );
  });

  it('a template FipsFix cannot map appears beside a directly written policy value: refused as unknown', async () => {
    await routeAppears(
      'rdp-policy-domain-gpo',
      (m) => {
        m.domainGpos.push({
          ...gpo,
          unmappedTemplates: [{ name: 'Contoso: RDS channel encryption', state: 'Enabled' }],
        });
      },
      /cannot tell who set it.*rsop\.json/,
      // The GPO that wrote 4 is unlinked; the value stays (written since: FipsFix would fix it).
      (m) => {
        m.domainGpos = m.domainGpos.filter((g) => g.name !== 'Contoso RDS Baseline');
      },
    );
  });

  it('a plan outside the allow-list (FIPS as a target, another value, a wrong method)', async () => {
    const { host, ctx } = setup('rdp-tcp-fips');
    const plan = await planFor(host);
    assert.equal(plan.kind, 'changes');
    if (plan.kind !== 'changes') return;
    const before = host.snapshot();
    const c0 = plan.changes[0];
    assert.ok(c0);
    for (const bad of [
      { ...plan, changes: [{ ...c0, after: 4 }] },
      {
        ...plan,
        changes: [{ ...c0, registryValue: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\TermService\\Start' }],
      },
      { ...plan, changes: [{ ...c0, via: 'local-security-policy' as const }] },
      { ...plan, changes: [{ ...c0, id: 'fips-algorithm-policy' as const }] },
      { not: 'a plan' },
    ]) {
      const outcome = await applyPlan(ctx, bad);
      assert.equal(outcome.kind, 'refused', JSON.stringify(bad));
    }
    assert.deepEqual(host.snapshot(), before);
  });

  it('a backup folder that cannot be written: refused before any write', async () => {
    const { host, dir } = setup('rdp-tcp-fips');
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the backup folder should be');
    const ctx: EngineContext = {
      machine: host,
      store: new BackupStore(join(blocked, 'backups')),
      journal: new Journal(join(dir, 'journal.json')),
      toolVersion: 'test',
    };
    const before = host.snapshot();
    const outcome = await applyPlan(ctx, await planFor(host));
    assert.equal(outcome.kind, 'refused');
    assert.match(
      outcome.kind === 'refused' ? (outcome.reasons[0] ?? '') : '',
      /backup could not be written, so nothing was changed/,
    );
    assert.deepEqual(host.snapshot(), before);
  });
});

describe('faults during the write leave the machine as it was', () => {
  it('access denied on the second value: the first is rolled back, and the outcome says what failed', async () => {
    const { host, ctx } = setup('both-methods', { accessDenied: ['rdp-tcp-encryption-level'] });
    const before = host.snapshot();
    const outcome = await applyPlan(ctx, await planFor(host));
    assert.equal(outcome.kind, 'rolled-back', JSON.stringify(outcome));
    assert.match(outcome.kind === 'rolled-back' ? outcome.failure : '', /access is denied.*AccessDenied/);
    assert.deepEqual(host.snapshot(), before);
    assert.equal(ctx.journal.read().kind, 'none');
    assert.equal(
      ctx.store.readRun(outcome.kind === 'rolled-back' ? outcome.backup.id : '', 'apply')?.outcome,
      'rolled-back',
    );
  });
});

describe('a read-back that fails is a failure: the fix is undone', () => {
  it('secedit failing while the result is read back: rolled back, nothing left changed', async () => {
    const { host, ctx } = setup('fips-local-security-policy');
    const before = functional(host);
    const plan = await planFor(host);
    let reads = 0;
    const read = host.policy.readFipsSecurityOption.bind(host.policy);
    // The backup reads the database once; the verification's read is made to fail, as secedit can.
    (host.policy as { readFipsSecurityOption: () => ReturnType<typeof read> }).readFipsSecurityOption =
      async () => {
        reads += 1;
        if (reads === 2) throw new Error('secedit /export failed (exit 1)');
        return read();
      };
    const outcome = await applyPlan(ctx, plan);
    assert.equal(outcome.kind, 'rolled-back', JSON.stringify(outcome));
    assert.match(
      outcome.kind === 'rolled-back' ? outcome.failure : '',
      /reading the values back failed: secedit/,
    );
    assert.deepEqual(functional(host), before);
    assert.equal(ctx.journal.read().kind, 'none');
  });
});

describe('backups that cannot be trusted are refused whole', () => {
  async function applied(): Promise<{ host: SimulatedHost; ctx: EngineContext; file: string; dir: string }> {
    const s = setup('rdp-tcp-fips');
    const outcome = await applyPlan(s.ctx, await planFor(s.host));
    assert.equal(outcome.kind, 'applied');
    return { ...s, file: outcome.kind === 'applied' ? outcome.backup.file : '' };
  }

  // `key` is this machine's backup key: the cases signed with it are what a bug could write, and
  // must still be refused by the checks behind the HMAC.
  const cases: [string, (text: string, key: Buffer) => string, RegExp][] = [
    ['truncated', (t) => t.slice(0, t.length / 2), /not valid JSON: the backup is corrupt or truncated/],
    ['edited (hash mismatch)', (t) => t.replace('"data": 4', '"data": 2'), /SHA-256 does not match/],
    [
      'forged: content changed and its SHA-256 recomputed, the HMAC kept',
      (t) => rehash(t, undefined, (c) => ({ ...c, values: [{ ...(c.values as object[])[0], data: 3 }] })),
      /not verified: its HMAC does not match under this machine's backup key/,
    ],
    [
      'forged: content changed, SHA-256 recomputed, the HMAC removed',
      (t) => {
        const doc = JSON.parse(rehash(t, undefined, (c) => c)) as Record<string, unknown>;
        delete doc['hmacSha256'];
        return JSON.stringify(doc);
      },
      /not verified: it carries no HMAC/,
    ],
    [
      "signed under another machine's key",
      (t) => rehash(t, randomBytes(32), (c) => c),
      /not verified: its HMAC does not match/,
    ],
    [
      'from another machine',
      (t, key) => rehash(t, key, (c) => ({ ...c, machine: 'OTHER-SRV' })),
      /a backup of OTHER-SRV, not of APP-TS02/,
    ],
    [
      'touching a key outside the allow-list',
      (t, key) =>
        rehash(t, key, (c) => ({
          ...c,
          values: [
            { ...(c.values as object[])[0], path: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\TermService' },
          ],
        })),
      /not a value FipsFix manages/,
    ],
    [
      'a value out of range',
      (t, key) => rehash(t, key, (c) => ({ ...c, values: [{ ...(c.values as object[])[0], data: 9 }] })),
      /out of range/,
    ],
  ];
  for (const [name, damage, message] of cases) {
    it(name, async () => {
      const { host, ctx, file } = await applied();
      writeFileSync(file, damage(readFileSync(file, 'utf8'), ctx.store.key.forWriting()));
      const before = host.snapshot();
      const outcome = await rollback(ctx, file);
      assert.equal(outcome.kind, 'refused');
      assert.match(outcome.kind === 'refused' ? (outcome.reasons[0] ?? '') : '', message);
      assert.match(outcome.kind === 'refused' ? (outcome.reasons[0] ?? '') : '', /Nothing was changed/);
      assert.deepEqual(host.snapshot(), before);
    });
  }
});

/**
 * Changes a backup's content and writes a correct hash for it, as an attacker or a bug might; with a
 * key, an HMAC under it too (a bug of this machine's FipsFix could), else the old HMAC is kept.
 */
function rehash(
  text: string,
  key: Buffer | undefined,
  change: (content: Record<string, unknown>) => Record<string, unknown>,
): string {
  const doc = JSON.parse(text) as { content: Record<string, unknown>; hmacSha256?: string };
  const content = change(doc.content);
  return JSON.stringify({
    content,
    sha256: createHash('sha256').update(canonicalJson(content)).digest('hex'),
    hmacSha256: key
      ? createHmac('sha256', key).update('fipsfix-backup/1\n').update(canonicalJson(content)).digest('hex')
      : doc.hmacSha256,
  });
}
