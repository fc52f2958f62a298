import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { assertNever } from '../assert-never';
import { ProgressList } from '../components/progress-list';
import { RegistryPath } from '../components/registry-path';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import { VerificationTable } from '../components/verification-table';
import { progressRows } from '../progress-rows';
import type { FixRun } from '../wizard-state';
import type { ApplyValue } from '../ipc-values';

/** What the fix did, or why it changed nothing, or how it failed and was undone. */
function FixOutcome({ applied }: { applied: ApplyValue }) {
  switch (applied.kind) {
    case 'applied':
      return (
        <MessageBar
          intent="success"
          layout="multiline"
          className="message"
          role="status"
          data-testid="applied"
        >
          <MessageBarBody>
            <MessageBarTitle>Applied and verified.</MessageBarTitle> Backup {applied.backup.id} was taken
            first.
            <p>Now: {applied.diagnosisAfter.summary}</p>
            {applied.refresh && !applied.refresh.ran && (
              <p>The policy refresh did not run: {applied.refresh.reason}</p>
            )}
          </MessageBarBody>
        </MessageBar>
      );
    case 'already-fixed':
      return (
        <MessageBar intent="info" className="message" role="status">
          <MessageBarBody>{applied.message}</MessageBarBody>
        </MessageBar>
      );
    case 'refused':
      return (
        <MessageBar intent="error" layout="multiline" className="message" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Nothing was changed.</MessageBarTitle>
            <TextList items={applied.reasons} />
            <p>Next step: go back to the diagnosis; it reads the server again.</p>
          </MessageBarBody>
        </MessageBar>
      );
    case 'rolled-back':
    case 'rollback-incomplete':
      return (
        <MessageBar intent="error" layout="multiline" className="message" role="alert">
          <MessageBarBody>
            <MessageBarTitle>
              {applied.kind === 'rolled-back'
                ? 'The fix failed and was undone: the backup was restored and verified.'
                : 'The fix failed, and restoring the backup did not complete.'}
            </MessageBarTitle>
            <p>What failed: {applied.failure}</p>
            <p>
              Next step:{' '}
              {applied.kind === 'rolled-back' ? (
                'nothing is changed; check the account can write these values, then try again.'
              ) : (
                <>
                  restore the remaining values from <RegistryPath text={applied.backup.regFile} /> (reg
                  import), or roll back backup {applied.backup.id} from the Backups step.
                </>
              )}
            </p>
          </MessageBarBody>
        </MessageBar>
      );
    default:
      return assertNever(applied, 'unknown apply outcome');
  }
}

/** The engine's steps while the fix runs (pending, running, done, failed), then its outcome and the values read back. */
export function FixStep({ run, focusKey }: { run: FixRun | null; focusKey: number }) {
  const running = run?.running === true;
  const applied = run?.outcome ?? null;
  const end = running || !run ? null : applied?.kind === 'applied' ? 'done' : 'stopped';
  return (
    <StepSection id="fix" title={running ? 'Fixing…' : 'Fix'} focusKey={focusKey}>
      <ProgressList rows={progressRows(run?.plan.steps ?? [], run?.progress ?? [], end)} live />
      {applied && <FixOutcome applied={applied} />}
      {applied && 'verification' in applied && (
        <VerificationTable lines={applied.verification} caption="Read back after writing" />
      )}
    </StepSection>
  );
}
