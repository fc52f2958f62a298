import { ProgressList } from '../components/progress-list';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import { VerificationTable } from '../components/verification-table';
import type { Run, StepOf } from '../wizard-state';
import type { BackupList, DiagnoseValue, RollbackValue } from '../ipc-values';

function BackupsTable({
  list,
  busy,
  onAsk,
}: {
  list: BackupList;
  busy: boolean;
  onAsk: (backupId: string) => void;
}) {
  return (
    <table data-testid="backups">
      <caption>Backups in {list.dir}</caption>
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
        {list.backups
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
                  onClick={() => onAsk(b.id)}
                >
                  Roll back
                </button>
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** The second yes before a restore: what it writes, and that it reads the values back. */
function RestoreQuestion({
  backupId,
  onRestore,
  onCancel,
}: {
  backupId: string;
  onRestore: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="box warning" role="alertdialog" aria-labelledby="ask-title" aria-describedby="ask-text">
      <p id="ask-title">
        <strong>Restore backup {backupId}?</strong>
      </p>
      <p id="ask-text">
        FipsFix writes back exactly the values this backup holds (a value that did not exist is deleted) and
        reads them back.
      </p>
      <div className="actions">
        <button type="button" className="primary" autoFocus onClick={onRestore}>
          Restore now
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function RollbackOutcome({ rolledBack, now }: { rolledBack: RollbackValue; now: DiagnoseValue | null }) {
  const ok = rolledBack.kind === 'restored' || rolledBack.kind === 'already-restored';
  return (
    <div className={`box ${ok ? 'ok' : 'error'}`} role="status" data-testid="rolled-back">
      {rolledBack.kind === 'restored' && (
        <p>
          <strong>Restored backup {rolledBack.backup.id} and verified.</strong>{' '}
          {now ? `Now: ${now.diagnosis.summary}` : ''}
        </p>
      )}
      {rolledBack.kind === 'already-restored' && (
        <p>The server already holds the values of backup {rolledBack.backup.id}; nothing was changed.</p>
      )}
      {rolledBack.kind === 'refused' && (
        <>
          <p>
            <strong>Nothing was changed.</strong>
          </p>
          <TextList items={rolledBack.reasons} />
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
  );
}

/** The backups taken before each fix, and a rollback to any of them. */
export function BackupsStep({
  step,
  rollback,
  diagnosis,
  busy,
  focusKey,
  onAsk,
  onRestore,
  onCancel,
}: {
  step: StepOf<'backups'>;
  rollback: Run<RollbackValue> | null;
  /** The server read again after a rollback. */
  diagnosis: DiagnoseValue | null;
  busy: boolean;
  focusKey: number;
  onAsk: (backupId: string) => void;
  onRestore: () => void;
  onCancel: () => void;
}) {
  const { list, asking } = step;
  const rolledBack = rollback?.outcome ?? null;
  return (
    <StepSection id="backups" title="Backups and rollback" focusKey={focusKey}>
      {list && list.backups.length === 0 && <p>No backups yet in {list.dir}.</p>}
      {list && list.backups.length > 0 && <BackupsTable list={list} busy={busy} onAsk={onAsk} />}
      {list?.unreadable.map((u) => (
        <p key={u.file} className="box warning">
          Not usable: {u.file}: {u.problem}
        </p>
      ))}
      {asking && <RestoreQuestion backupId={asking} onRestore={onRestore} onCancel={onCancel} />}
      {rollback && rollback.progress.length > 0 && rolledBack && <ProgressList steps={rollback.progress} />}
      {rolledBack && <RollbackOutcome rolledBack={rolledBack} now={diagnosis} />}
    </StepSection>
  );
}
