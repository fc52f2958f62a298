// The wizard: diagnosis → method → confirmation → fix → verification → report, and the backups with
// rollback. It talks only to window.fipsfix (src/ipc/fipsfix-api.d.ts): it sends identifiers and
// choices, shows what comes back, and decides nothing the core decides.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AppError, ProgressStep } from '../src/ipc/contract';
import {
  METHOD_WORDS,
  SETTING_WORDS,
  valueWords,
  VERDICT_WORDS,
  VIA_WORDS,
  type ApplyValue,
  type BackupList,
  type Cause,
  type DiagnoseValue,
  type PlanValue,
  type VerifyValue,
  type RollbackValue,
} from './words';

type StepId = 'diagnosis' | 'method' | 'confirm' | 'fix' | 'verify' | 'report' | 'backups';
const STEPS: readonly { id: StepId; label: string }[] = [
  { id: 'diagnosis', label: 'Diagnosis' },
  { id: 'method', label: 'How to fix it' },
  { id: 'confirm', label: 'Confirm' },
  { id: 'fix', label: 'Fix' },
  { id: 'verify', label: 'Verify' },
  { id: 'report', label: 'Report' },
  { id: 'backups', label: 'Backups' },
];

type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** A call to main that never throws into the page: a broken bridge is an error in words too. */
async function call<T>(p: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await p();
  } catch {
    return {
      ok: false,
      error: {
        code: 'Failed',
        message: 'FipsFix lost contact with its main process.',
        next: 'Close FipsFix and start it again; nothing is written without a confirmed plan.',
      },
    };
  }
}

function ErrorBox({ error }: { error: AppError }) {
  return (
    <div className="box error" role="alert">
      <p>
        <strong>{error.message}</strong>
      </p>
      <p>Next step: {error.next}</p>
    </div>
  );
}

function Step({
  id,
  title,
  children,
  focusKey,
}: {
  id: StepId;
  title: string;
  children: ReactNode;
  focusKey: number;
}) {
  const h = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    h.current?.focus();
  }, [focusKey]);
  return (
    <section aria-labelledby={`h-${id}`} className="step">
      <h2 id={`h-${id}`} tabIndex={-1} ref={h}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function VerificationTable({
  lines,
  caption,
}: {
  lines: readonly { value: string; expected: string; found: string; ok: boolean }[];
  caption: string;
}) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Value</th>
          <th scope="col">Expected</th>
          <th scope="col">Found</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr key={i}>
            <td className="mono">{l.value}</td>
            <td>{l.expected}</td>
            <td>{l.found}</td>
            <td>{l.ok ? 'OK' : 'DIFFERS'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CauseCard({ c, i, n, setBy }: { c: Cause; i: number; n: number; setBy: string }) {
  return (
    <article className="cause" aria-labelledby={`cause-${i}`}>
      <h3 id={`cause-${i}`}>
        Cause {i + 1} of {n}: {SETTING_WORDS[c.id]}
      </h3>
      <dl>
        <dt>Value</dt>
        <dd>
          <span className="mono">{c.registryValue}</span> = {c.valueLabel}
          {c.forcesFipsNow ? '' : ' (blocks once the settings above it stop forcing FIPS)'}
        </dd>
        <dt>Set by</dt>
        <dd>
          {setBy}
          {c.gpo && c.source === 'domain-group-policy'
            ? ` ${c.gpo.id}${c.gpo.linkedAt ? `, linked at ${c.gpo.linkedAt}` : ''}`
            : ''}
        </dd>
        <dt>KB method</dt>
        <dd>{c.method === 1 ? '1: the RDP encryption level' : '2: the FIPS security option'}</dd>
        <dt>Why it matters</dt>
        <dd>{c.why}</dd>
        <dt>Can FipsFix fix it on this server?</dt>
        <dd>{c.fixableLocally ? 'Yes' : 'No'}</dd>
      </dl>
      <table>
        <caption>Evidence: what was read, and where</caption>
        <thead>
          <tr>
            <th scope="col">Read from</th>
            <th scope="col">Where</th>
            <th scope="col">What was read</th>
          </tr>
        </thead>
        <tbody>
          {c.evidence.map((e, k) => (
            <tr key={k}>
              <td>{e.file}</td>
              <td className="mono">{e.location}</td>
              <td>{e.read}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

export function App() {
  const [step, setStep] = useState<StepId>('diagnosis');
  const [focusKey, setFocusKey] = useState(0);
  const [diag, setDiag] = useState<DiagnoseValue | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [rdpLevel, setRdpLevel] = useState<1 | 2 | 3>(3);
  const [confirmLow, setConfirmLow] = useState(false);
  const [plan, setPlan] = useState<PlanValue | null>(null);
  const [progress, setProgress] = useState<ProgressStep[]>([]);
  const [applied, setApplied] = useState<ApplyValue | null>(null);
  const [verified, setVerified] = useState<VerifyValue | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [backups, setBackups] = useState<BackupList | null>(null);
  const [rollbackAsk, setRollbackAsk] = useState<string | null>(null);
  const [rolledBack, setRolledBack] = useState<RollbackValue | null>(null);

  const go = useCallback((s: StepId) => {
    setError(null);
    setStep(s);
    setFocusKey((k) => k + 1);
  }, []);

  useEffect(() => window.fipsfix.onProgress((s) => setProgress((p) => [...p, s])), []);

  useEffect(() => {
    // The registry's verdict at once; the policy sources (gpresult can take seconds) replace it when read.
    let full = false;
    void call(() => window.fipsfix.diagnose({ sources: 'registry' })).then((r) => {
      if (r.ok && !full) setDiag(r.value);
    });
    void call(() => window.fipsfix.diagnose({ sources: 'all' })).then((r) => {
      full = true;
      if (r.ok) setDiag(r.value);
      else setError(r.error);
    });
  }, []);

  const makePlan = useCallback(async (level: 1 | 2 | 3, low: boolean) => {
    const r = await call(() => window.fipsfix.plan({ rdpLevel: level, confirmLow: low }));
    if (r.ok) setPlan(r.value);
    else setError(r.error);
  }, []);

  const loadBackups = useCallback(async () => {
    const r = await call(() => window.fipsfix.listBackups());
    if (r.ok) setBackups(r.value);
    else setError(r.error);
  }, []);

  useEffect(() => {
    if (step === 'confirm' || step === 'method') void makePlan(rdpLevel, confirmLow);
    if (step === 'backups') void loadBackups();
  }, [step, rdpLevel, confirmLow, makePlan, loadBackups]);

  const d = diag?.diagnosis;
  const fixable = !!d && d.causes.length > 0 && d.causes.every((c) => c.fixableLocally);
  const hasRdp = !!d && d.causes.some((c) => c.setting === 'rdp-encryption-level');
  const changes = plan?.plan.kind === 'changes' ? plan.plan : null;
  const reachable: Record<StepId, boolean> = {
    diagnosis: true,
    method: !!d,
    confirm: fixable,
    fix: applied !== null,
    verify: applied !== null,
    report: !!d,
    backups: true,
  };

  async function apply() {
    if (!plan?.planId) return;
    setBusy(true);
    setProgress([]);
    setApplied(null);
    go('fix');
    const r = await call(() => window.fipsfix.apply({ planId: plan.planId! }));
    setBusy(false);
    if (r.ok) setApplied(r.value);
    else setError(r.error);
    setFocusKey((k) => k + 1);
  }

  async function verify(afterRefresh: boolean) {
    setBusy(true);
    const r = await call(() => window.fipsfix.verify({ afterRefresh }));
    setBusy(false);
    if (r.ok) {
      setVerified(r.value);
      setDiag(r.value);
    } else setError(r.error);
  }

  async function exportReport(format: 'html' | 'pdf' | 'json') {
    const backupId =
      applied && 'backup' in applied
        ? applied.backup.id
        : rolledBack && 'backup' in rolledBack
          ? rolledBack.backup.id
          : null;
    setBusy(true);
    const r = await call(() => window.fipsfix.exportReport({ backupId, format }));
    setBusy(false);
    if (r.ok) setExported(r.value.saved ? r.value.file : 'not saved (cancelled)');
    else setError(r.error);
  }

  async function doRollback(id: string) {
    setBusy(true);
    setProgress([]);
    setRolledBack(null);
    const r = await call(() => window.fipsfix.rollback({ backupId: id }));
    setBusy(false);
    setRollbackAsk(null);
    if (r.ok) {
      setRolledBack(r.value);
      const again = await call(() => window.fipsfix.diagnose({ sources: 'all' }));
      if (again.ok) setDiag(again.value);
      await loadBackups();
    } else setError(r.error);
    setFocusKey((k) => k + 1);
  }

  return (
    <div className="app">
      <header>
        <h1 className="brand">FipsFix</h1>
        <p className="origin">{diag ? `Working on: ${diag.origin}` : 'Reading the server…'}</p>
      </header>
      <nav aria-label="Steps">
        <ol>
          {STEPS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={step === s.id ? 'step' : undefined}
                disabled={!reachable[s.id] || busy}
                onClick={() => go(s.id)}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <main>
        {error && <ErrorBox error={error} />}
        {diag?.interrupted && (
          <div className="box warning" role="alert">
            <p>
              <strong>An earlier run did not finish.</strong> {diag.interrupted}
            </p>
            <p>
              Next step: settle it first from an administrator console with "fipsfix recover --rollback"
              (restore the backup) or "fipsfix recover --complete".
            </p>
          </div>
        )}

        {step === 'diagnosis' && (
          <Step id="diagnosis" title="Diagnosis" focusKey={focusKey}>
            {!d && !error && <p aria-busy="true">Reading the registry and the policy sources…</p>}
            {d && (
              <>
                {diag?.sources === 'registry' && (
                  <p className="box warning" role="status" aria-busy="true" data-testid="sources-pending">
                    From the registry alone, for now: still reading the policy sources (local security policy,
                    Group Policy results, the local GPO). Who set each value, and whether it can be fixed
                    here, follow when they are read.
                  </p>
                )}
                <div className={`verdict verdict-${d.verdict}`} data-testid="verdict">
                  <p className="verdict-title">{VERDICT_WORDS[d.verdict]}</p>
                  <p>{d.summary}</p>
                  <p>
                    RDP encryption level in force: <strong>{d.effectiveLevel.label}</strong>
                  </p>
                </div>
                <p>
                  Server: {d.machine.name ?? 'unnamed'}
                  {d.machine.osCaption ? ` (${d.machine.osCaption})` : ''}
                </p>
                {d.causes.map((c, i) => (
                  <CauseCard key={c.id} c={c} i={i} n={d.causes.length} setBy={diag.setBy[i] ?? c.source} />
                ))}
                {d.symptom && (
                  <p>
                    {d.symptom.termDdEvent50 > 0
                      ? `Symptom: ${d.symptom.termDdEvent50} TermDD event 50 (DATA ENCRYPTION) in the System log, ${d.symptom.first ?? '?'} to ${d.symptom.last ?? '?'}.`
                      : 'Symptom: no TermDD event 50 (DATA ENCRYPTION) in the events read.'}
                  </p>
                )}
                {d.notes.length > 0 && (
                  <>
                    <h3>Notes</h3>
                    <ul>
                      {d.notes.map((n, i) => (
                        <li key={i}>{n.message}</li>
                      ))}
                    </ul>
                  </>
                )}
                {d.evidenceGaps.length > 0 && (
                  <>
                    <h3>Not in the evidence</h3>
                    <ul>
                      {d.evidenceGaps.map((g, i) => (
                        <li key={i}>
                          {g.what}: {g.why}. Collect: <span className="mono">{g.settleWith}</span>
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <div className="actions">
                  <button
                    type="button"
                    className="primary"
                    onClick={() => go(d.causes.length > 0 ? 'method' : 'report')}
                  >
                    {d.causes.length > 0 ? 'Next: how to fix it' : 'Next: export the report'}
                  </button>
                </div>
              </>
            )}
          </Step>
        )}

        {step === 'method' && d && (
          <Step id="method" title="How to fix it: by the same method that turned FIPS on" focusKey={focusKey}>
            <p>
              A setting must be changed where it was set. Changed another way, the next policy refresh puts
              FIPS back.
            </p>
            {d.causes.map((c, i) => (
              <article key={c.id} className="cause" aria-labelledby={`m-${i}`}>
                <h3 id={`m-${i}`}>
                  {SETTING_WORDS[c.id]}: set by {diag.setBy[i] ?? c.source}
                </h3>
                <p>{METHOD_WORDS[c.source]}</p>
                {c.fixableLocally ? (
                  <p>
                    <strong>FipsFix will:</strong> {c.remedy.summary}
                  </p>
                ) : (
                  <div className="box warning" data-testid="ask-domain-admin">
                    <p>
                      <strong>
                        {c.source === 'domain-group-policy'
                          ? 'Ask the domain administrator for this:'
                          : 'Collect this evidence first:'}
                      </strong>{' '}
                      {c.remedy.summary}
                    </p>
                    {c.gpo && (
                      <p>
                        GPO: <strong>{c.gpo.name}</strong> <span className="mono">{c.gpo.id}</span>
                        {c.gpo.linkedAt ? `, linked at ${c.gpo.linkedAt}` : ''}
                      </p>
                    )}
                    {c.remedy.gpmcPath && (
                      <p>
                        Where, in the Group Policy Management Editor:{' '}
                        <span className="mono">{c.remedy.gpmcPath}</span>
                      </p>
                    )}
                    <ol>
                      {c.remedy.steps.map((s, k) => (
                        <li key={k}>{s}</li>
                      ))}
                    </ol>
                    {c.remedy.settleWith && (
                      <p>Evidence that would settle it: {c.remedy.settleWith.join('; ')}</p>
                    )}
                  </div>
                )}
              </article>
            ))}
            {fixable ? (
              <div className="actions">
                <button type="button" className="primary" onClick={() => go('confirm')}>
                  Next: review the changes
                </button>
              </div>
            ) : (
              <>
                <p data-testid="no-fix">
                  <strong>FipsFix will not change anything on this server.</strong>{' '}
                  {plan?.plan.kind === 'refused'
                    ? plan.plan.reasons.at(-1)
                    : 'A change here would not unblock Remote Assistance.'}
                </p>
                <div className="actions">
                  <button type="button" className="primary" onClick={() => go('report')}>
                    Next: export the diagnosis report
                  </button>
                </div>
              </>
            )}
          </Step>
        )}

        {step === 'confirm' && d && (
          <Step id="confirm" title="Confirm the changes" focusKey={focusKey}>
            {hasRdp && (
              <fieldset>
                <legend>RDP encryption level after the fix</legend>
                {([3, 2, 1] as const).map((lvl) => (
                  <label key={lvl} className="choice">
                    <input
                      type="radio"
                      name="rdp-level"
                      value={lvl}
                      checked={rdpLevel === lvl}
                      onChange={() => {
                        setRdpLevel(lvl);
                        if (lvl !== 1) setConfirmLow(false);
                      }}
                    />
                    {lvl === 3
                      ? 'High (3) — recommended'
                      : lvl === 2
                        ? 'Client Compatible (2)'
                        : 'Low (1) — data from the server to the client is not encrypted'}
                  </label>
                ))}
                {rdpLevel === 1 && (
                  <label className="choice confirm-low">
                    <input
                      type="checkbox"
                      checked={confirmLow}
                      onChange={(e) => setConfirmLow(e.target.checked)}
                    />
                    I understand that Low encrypts only data sent from the client to the server, and I choose
                    it anyway.
                  </label>
                )}
              </fieldset>
            )}
            {plan?.plan.kind === 'refused' && (
              <div className="box warning" role="status">
                <p>
                  <strong>Nothing will be changed yet:</strong>
                </p>
                <ul>
                  {plan.plan.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              </div>
            )}
            {changes && (
              <>
                <table data-testid="changes">
                  <caption>Every value FipsFix will change, before → after</caption>
                  <thead>
                    <tr>
                      <th scope="col">Setting</th>
                      <th scope="col">Registry value</th>
                      <th scope="col">Before</th>
                      <th scope="col">After</th>
                      <th scope="col">Changed through</th>
                    </tr>
                  </thead>
                  <tbody>
                    {changes.changes.map((c) => (
                      <tr key={c.id}>
                        <td>{SETTING_WORDS[c.id]}</td>
                        <td className="mono">{c.registryValue}</td>
                        <td>{valueWords(c.id, c.before)}</td>
                        <td>{valueWords(c.id, c.after)}</td>
                        <td>{VIA_WORDS[c.via]}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {changes.refreshPolicyAfter && (
                  <p>Then: gpupdate /target:computer /force, so the local GPO change applies.</p>
                )}
                {changes.warnings.length > 0 && (
                  <div className="box warning">
                    <h3>Warnings</h3>
                    <ul>
                      {changes.warnings.map((w, i) => (
                        <li key={i}>{w}</li>
                      ))}
                    </ul>
                  </div>
                )}
                <h3>What it takes to take effect</h3>
                <ul>
                  {changes.takesEffect.map((t, i) => (
                    <li key={i}>{t.what}</li>
                  ))}
                </ul>
                <h3>The backup taken first</h3>
                <p data-testid="backup-note">
                  Before any write, FipsFix backs up these {changes.changes.length} value(s), and the policy
                  store each method touches, to <span className="mono">{plan?.backupDir}</span>: a JSON file
                  with its SHA-256, and a .reg file a person can import with reg import. Any failure restores
                  it at once.
                  {plan?.writes === 'elevated-step'
                    ? ' Windows asks once for administrator approval (UAC).'
                    : ''}
                </p>
                <div className="actions">
                  <button
                    type="button"
                    className="primary"
                    disabled={busy || !plan?.planId}
                    onClick={() => void apply()}
                  >
                    Fix it now
                  </button>
                </div>
              </>
            )}
          </Step>
        )}

        {step === 'fix' && (
          <Step id="fix" title={busy ? 'Fixing…' : 'Fix'} focusKey={focusKey}>
            <ol className="progress" aria-live="polite" aria-label="Progress">
              {progress.map((p, i) => (
                <li key={i}>
                  <span className="phase">{p.phase}</span> {p.message}
                </li>
              ))}
            </ol>
            {applied?.kind === 'applied' && (
              <div className="box ok" role="status" data-testid="applied">
                <p>
                  <strong>Applied and verified.</strong> Backup {applied.backup.id} was taken first.
                </p>
                <p>Now: {applied.diagnosisAfter.summary}</p>
                {applied.refresh && !applied.refresh.ran && (
                  <p>The policy refresh did not run: {applied.refresh.reason}</p>
                )}
              </div>
            )}
            {applied?.kind === 'already-fixed' && <p role="status">{applied.message}</p>}
            {applied?.kind === 'refused' && (
              <div className="box error" role="alert">
                <p>
                  <strong>Nothing was changed.</strong>
                </p>
                <ul>
                  {applied.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
                <p>Next step: go back to the diagnosis; it reads the server again.</p>
              </div>
            )}
            {(applied?.kind === 'rolled-back' || applied?.kind === 'rollback-incomplete') && (
              <div className="box error" role="alert">
                <p>
                  <strong>
                    {applied.kind === 'rolled-back'
                      ? 'The fix failed and was undone: the backup was restored and verified.'
                      : 'The fix failed, and restoring the backup did not complete.'}
                  </strong>
                </p>
                <p>What failed: {applied.failure}</p>
                <p>
                  Next step:{' '}
                  {applied.kind === 'rolled-back'
                    ? 'nothing is changed; check the account can write these values, then try again.'
                    : `restore the remaining values from ${applied.backup.regFile} (reg import), or run "fipsfix rollback ${applied.backup.id}" as an administrator.`}
                </p>
              </div>
            )}
            {applied && 'verification' in applied && (
              <VerificationTable lines={applied.verification} caption="Read back after writing" />
            )}
            {applied && !busy && (
              <div className="actions">
                <button type="button" className="primary" onClick={() => go('verify')}>
                  Next: verify
                </button>
              </div>
            )}
          </Step>
        )}

        {step === 'verify' && (
          <Step id="verify" title="Verify" focusKey={focusKey}>
            <p>
              FipsFix reads every setting again, the policy sources included, and diagnoses the server afresh.
            </p>
            <div className="actions">
              <button type="button" disabled={busy} onClick={() => void verify(false)}>
                Check the server again
              </button>
              <button type="button" disabled={busy} onClick={() => void verify(true)}>
                Refresh policy, then check (gpupdate /target:computer /force)
              </button>
            </div>
            <p className="hint">
              A policy refresh reapplies every GPO and the security settings, as Windows does every 90 minutes
              (and every 16 hours for security settings): the fix should survive it. The result is kept with
              the backup and shown in the report.
            </p>
            {verified && (
              <div
                className={`verdict verdict-${verified.diagnosis.verdict}`}
                role="status"
                data-testid="verified"
              >
                <p className="verdict-title">{VERDICT_WORDS[verified.diagnosis.verdict]}</p>
                <p>{verified.diagnosis.summary}</p>
                {verified.refresh && (
                  <p data-testid="after-refresh">
                    {verified.refresh.ran
                      ? 'Checked after a policy refresh: ' +
                        (verified.diagnosis.blocksRemoteAssistance
                          ? 'the refresh put FIPS back.'
                          : 'the fix held.')
                      : `The policy refresh did not run (${verified.refresh.reason}); this check is without it.`}
                  </p>
                )}
              </div>
            )}
            {changes && (
              <ul>
                {changes.takesEffect.map((t, i) => (
                  <li key={i}>{t.what}</li>
                ))}
              </ul>
            )}
            <div className="actions">
              <button type="button" className="primary" onClick={() => go('report')}>
                Next: export the report
              </button>
            </div>
          </Step>
        )}

        {step === 'report' && (
          <Step id="report" title="Report" focusKey={focusKey}>
            <p>
              The report holds the diagnosis with its evidence
              {applied && 'backup' in applied
                ? ', every value before → after, the verification and the backup'
                : ''}
              , for an auditor or a change board.
            </p>
            <div className="actions">
              {(['html', 'pdf', 'json'] as const).map((f) => (
                <button key={f} type="button" disabled={busy} onClick={() => void exportReport(f)}>
                  Export the report ({f.toUpperCase()})
                </button>
              ))}
            </div>
            {exported && (
              <p role="status" data-testid="exported">
                Report saved: <span className="mono">{exported}</span>
              </p>
            )}
            <div className="actions">
              <button type="button" className="primary" onClick={() => go('backups')}>
                Next: backups
              </button>
            </div>
          </Step>
        )}

        {step === 'backups' && (
          <Step id="backups" title="Backups and rollback" focusKey={focusKey}>
            {backups && backups.backups.length === 0 && <p>No backups yet in {backups.dir}.</p>}
            {backups && backups.backups.length > 0 && (
              <table data-testid="backups">
                <caption>Backups in {backups.dir}</caption>
                <thead>
                  <tr>
                    <th scope="col">Backup</th>
                    <th scope="col">Taken</th>
                    <th scope="col">Taken before this fix</th>
                    <th scope="col">State</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {backups.backups
                    .slice()
                    .reverse()
                    .map((b) => (
                      <tr key={b.id}>
                        <td className="mono">{b.id}</td>
                        <td>{b.createdAt}</td>
                        <td>
                          <ul>
                            {b.changes.map((c, i) => (
                              <li key={i} className="mono">
                                {c}
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td>
                          apply: {b.applied ?? 'unknown'}
                          {b.rolledBack ? `; rollback: ${b.rolledBack}` : ''}
                        </td>
                        <td>
                          <button
                            type="button"
                            disabled={busy}
                            aria-label={`Roll back ${b.id}`}
                            onClick={() => setRollbackAsk(b.id)}
                          >
                            Roll back
                          </button>
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            )}
            {backups?.unreadable.map((u) => (
              <p key={u.file} className="box warning">
                Not usable: {u.file}: {u.problem}
              </p>
            ))}
            {rollbackAsk && (
              <div
                className="box warning"
                role="alertdialog"
                aria-labelledby="ask-title"
                aria-describedby="ask-text"
              >
                <p id="ask-title">
                  <strong>Restore backup {rollbackAsk}?</strong>
                </p>
                <p id="ask-text">
                  FipsFix writes back exactly the values this backup holds (a value that did not exist is
                  deleted) and reads them back.
                </p>
                <div className="actions">
                  <button
                    type="button"
                    className="primary"
                    autoFocus
                    onClick={() => void doRollback(rollbackAsk)}
                  >
                    Restore now
                  </button>
                  <button type="button" onClick={() => setRollbackAsk(null)}>
                    Cancel
                  </button>
                </div>
              </div>
            )}
            {progress.length > 0 && rolledBack && (
              <ol className="progress" aria-label="Progress">
                {progress.map((p, i) => (
                  <li key={i}>
                    <span className="phase">{p.phase}</span> {p.message}
                  </li>
                ))}
              </ol>
            )}
            {rolledBack && (
              <div
                className={`box ${rolledBack.kind === 'restored' || rolledBack.kind === 'already-restored' ? 'ok' : 'error'}`}
                role="status"
                data-testid="rolled-back"
              >
                {rolledBack.kind === 'restored' && (
                  <p>
                    <strong>Restored backup {rolledBack.backup.id} and verified.</strong>{' '}
                    {diag ? `Now: ${diag.diagnosis.summary}` : ''}
                  </p>
                )}
                {rolledBack.kind === 'already-restored' && (
                  <p>
                    The server already holds the values of backup {rolledBack.backup.id}; nothing was changed.
                  </p>
                )}
                {rolledBack.kind === 'refused' && (
                  <>
                    <p>
                      <strong>Nothing was changed.</strong>
                    </p>
                    <ul>
                      {rolledBack.reasons.map((r, i) => (
                        <li key={i}>{r}</li>
                      ))}
                    </ul>
                  </>
                )}
                {rolledBack.kind === 'rollback-incomplete' && (
                  <p>
                    <strong>Restoring did not complete:</strong> {rolledBack.failure}. Next step: reg import{' '}
                    {rolledBack.backup.regFile} as an administrator.
                  </p>
                )}
                {'verification' in rolledBack && (
                  <VerificationTable lines={rolledBack.verification} caption="Read back after restoring" />
                )}
              </div>
            )}
          </Step>
        )}
      </main>
    </div>
  );
}
