import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import { ArrowUndoRegular, DocumentRegular } from '@fluentui/react-icons';
import { ProgressList } from '../components/progress-list';
import { RegistryPath } from '../components/registry-path';
import { SavedNotice } from '../components/saved-notice';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import { UacShield } from '../components/uac-shield';
import { VerificationTable } from '../components/verification-table';
import { progressRows } from '../progress-rows';
import type { ExportValue, Run, StepOf } from '../wizard-state';
import type { BackupList, DiagnoseValue, RollbackPreview, RollbackValue } from '../ipc-values';

/** A backup whose values are already back on the server: rolling back to it again would change nothing. */
const restoredAlready = (rolledBack: string | null): boolean =>
  rolledBack === 'restored' || rolledBack === 'already-restored';

function BackupsTable({
  list,
  busy,
  onAsk,
  onReport,
}: {
  list: BackupList;
  busy: boolean;
  onAsk: (backupId: string) => void;
  onReport: (backupId: string) => void;
}) {
  return (
    <Table data-testid="backups" className="table backups">
      <caption className="table-caption">
        Backups in <RegistryPath text={list.dir} />
      </caption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col" className="col-id">
            Backup
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="col-time">
            Taken
          </TableHeaderCell>
          <TableHeaderCell scope="col">Taken before this fix</TableHeaderCell>
          <TableHeaderCell scope="col" className="col-state">
            State
          </TableHeaderCell>
          <TableHeaderCell scope="col" className="col-actions">
            Actions
          </TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {list.backups
          .slice()
          .reverse()
          .map((b) => (
            <TableRow key={b.id}>
              <TableCell>
                <span className="mono nowrap backup-id">{b.id}</span>
              </TableCell>
              <TableCell className="nowrap">{b.createdAt}</TableCell>
              <TableCell>
                <ul className="plain">
                  {b.changes.map((c, i) => (
                    <li key={i}>
                      <RegistryPath text={c} />
                    </li>
                  ))}
                </ul>
              </TableCell>
              <TableCell>
                apply: {b.applied ?? 'unknown'}
                {b.rolledBack ? `; rollback: ${b.rolledBack}` : ''}
              </TableCell>
              <TableCell>
                <div className="row-actions">
                  {!restoredAlready(b.rolledBack) && (
                    <Button
                      icon={<ArrowUndoRegular />}
                      disabled={busy}
                      aria-label={`Roll back ${b.id}`}
                      onClick={() => onAsk(b.id)}
                    >
                      Roll back
                    </Button>
                  )}
                  <Button
                    icon={<DocumentRegular />}
                    disabled={busy}
                    aria-label={`Report of ${b.id}`}
                    onClick={() => onReport(b.id)}
                  >
                    Report
                  </Button>
                </div>
              </TableCell>
            </TableRow>
          ))}
      </TableBody>
    </Table>
  );
}

/** The second yes before a restore, in the administrator's words: what it writes back and what that means. */
function RestoreQuestion({
  open,
  preview,
  onRestore,
  onCancel,
}: {
  /** Kept mounted and opened or closed, so that Fluent gives the rest of the page back when it closes. */
  open: boolean;
  preview: RollbackPreview | null;
  onRestore: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} modalType="alert" onOpenChange={(_e, d) => (d.open ? undefined : onCancel())}>
      <DialogSurface aria-describedby="ask-text">
        <DialogBody>
          <DialogTitle>
            Roll back {preview?.server ?? 'the server'} to backup {preview?.backupId}?
          </DialogTitle>
          <DialogContent id="ask-text">
            {preview && (
              <>
                <p data-testid="rollback-consequence">
                  <strong>{preview.consequence}</strong>
                </p>
                <Table className="table" size="small">
                  <caption className="table-caption">Every value written back, now → after</caption>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell scope="col">Setting</TableHeaderCell>
                      <TableHeaderCell scope="col">Registry value</TableHeaderCell>
                      <TableHeaderCell scope="col">Now</TableHeaderCell>
                      <TableHeaderCell scope="col">After</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {preview.values.map((v, i) => (
                      <TableRow key={i}>
                        <TableCell>{v.setting}</TableCell>
                        <TableCell>
                          <RegistryPath text={v.registryValue} />
                        </TableCell>
                        <TableCell>{v.now}</TableCell>
                        <TableCell>{v.after}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {preview.takesEffect.length > 0 && (
                  <>
                    <h3>When it takes effect</h3>
                    <TextList items={preview.takesEffect} />
                  </>
                )}
                <p className="hint">
                  FipsFix writes back exactly the values this backup holds (a value that did not exist is
                  deleted) and reads them back.
                </p>
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={!preview}
              onClick={onRestore}
              icon={preview?.writes === 'elevated-step' ? <UacShield /> : undefined}
            >
              Restore now
            </Button>
            <Button onClick={onCancel}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function RollbackOutcome({ rolledBack, now }: { rolledBack: RollbackValue; now: DiagnoseValue | null }) {
  const ok = rolledBack.kind === 'restored' || rolledBack.kind === 'already-restored';
  return (
    <MessageBar
      intent={ok ? 'success' : 'error'}
      layout="multiline"
      className="message"
      role="status"
      data-testid="rolled-back"
    >
      <MessageBarBody>
        {rolledBack.kind === 'restored' && (
          <>
            <MessageBarTitle>Restored backup {rolledBack.backup.id} and verified.</MessageBarTitle>{' '}
            {now ? `Now: ${now.diagnosis.summary}` : ''}
          </>
        )}
        {rolledBack.kind === 'already-restored' && (
          <p>The server already holds the values of backup {rolledBack.backup.id}; nothing was changed.</p>
        )}
        {rolledBack.kind === 'refused' && (
          <>
            <MessageBarTitle>Nothing was changed.</MessageBarTitle>
            <TextList items={rolledBack.reasons} />
          </>
        )}
        {rolledBack.kind === 'rollback-incomplete' && (
          <p>
            <strong>Restoring did not complete:</strong> {rolledBack.failure}. Next step: reg import{' '}
            <RegistryPath text={rolledBack.backup.regFile} /> as an administrator.
          </p>
        )}
        {'verification' in rolledBack && (
          <VerificationTable lines={rolledBack.verification} caption="Read back after restoring" />
        )}
      </MessageBarBody>
    </MessageBar>
  );
}

/** The backups taken before each fix: a rollback to any not yet restored, and each one's report. */
export function BackupsStep({
  step,
  rollback,
  diagnosis,
  exported,
  canOpen,
  busy,
  focusKey,
  onAsk,
  onRestore,
  onCancel,
  onReport,
  onOpen,
}: {
  step: StepOf<'backups'>;
  rollback: Run<RollbackValue> | null;
  /** The server read again after a rollback. */
  diagnosis: DiagnoseValue | null;
  exported: ExportValue | null;
  canOpen: boolean;
  busy: boolean;
  focusKey: number;
  onAsk: (backupId: string) => void;
  onRestore: () => void;
  onCancel: () => void;
  onReport: (backupId: string) => void;
  onOpen: (file: string) => void;
}) {
  const { list, asking } = step;
  const rolledBack = rollback?.outcome ?? null;
  const end =
    !rollback || rollback.running ? null : rolledBack && rolledBack.kind === 'restored' ? 'done' : 'stopped';
  return (
    <StepSection id="backups" title="Backups and rollback" focusKey={focusKey}>
      {list && list.backups.length === 0 && (
        <p>
          No backups yet in <RegistryPath text={list.dir} />.
        </p>
      )}
      {list && list.backups.length > 0 && (
        <BackupsTable list={list} busy={busy} onAsk={onAsk} onReport={onReport} />
      )}
      {list?.unreadable.map((u) => (
        <MessageBar key={u.file} intent="warning" className="message">
          <MessageBarBody>
            Not usable: <RegistryPath text={u.file} />: {u.problem}
          </MessageBarBody>
        </MessageBar>
      ))}
      {asking && !step.preview && <Spinner size="tiny" label="Reading what the backup holds…" />}
      <RestoreQuestion
        open={asking !== null && step.preview !== null && rollback?.running !== true}
        preview={step.preview}
        onRestore={onRestore}
        onCancel={onCancel}
      />
      {rollback && (rollback.running || rollback.progress.length > 0) && (
        <ProgressList rows={progressRows([], rollback.progress, end)} live />
      )}
      {rolledBack && <RollbackOutcome rolledBack={rolledBack} now={diagnosis} />}
      <SavedNotice exported={exported} canOpen={canOpen} onOpen={onOpen} />
    </StepSection>
  );
}
