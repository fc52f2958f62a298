import { assertNever } from '../assert-never';
import { NextButton } from '../components/next-button';
import { ProgressList } from '../components/progress-list';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import { VerificationTable } from '../components/verification-table';
import type { Run, StepKind } from '../wizard-state';
import type { ApplyValue } from '../ipc-values';

/** What the fix did, or why it changed nothing, or how it failed and was undone. */
function FixOutcome({ applied }: { applied: ApplyValue }) {
  switch (applied.kind) {
    case 'applied':
      return (
        <div className="box ok" role="status" data-testid="applied">
          <p>
            <strong>Applied and verified.</strong> Backup {applied.backup.id} was taken first.
          </p>
          <p>Now: {applied.diagnosisAfter.summary}</p>
          {applied.refresh && !applied.refresh.ran && (
            <p>The policy refresh did not run: {applied.refresh.reason}</p>
          )}
        </div>
      );
    case 'already-fixed':
      return <p role="status">{applied.message}</p>;
    case 'refused':
      return (
        <div className="box error" role="alert">
          <p>
            <strong>Nothing was changed.</strong>
          </p>
          <TextList items={applied.reasons} />
          <p>Next step: go back to the diagnosis; it reads the server again.</p>
        </div>
      );
    case 'rolled-back':
    case 'rollback-incomplete':
      return (
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
      );
    default:
      return assertNever(applied, 'unknown apply outcome');
  }
}

/** The engine's progress while the fix runs, then its outcome and the values read back. */
export function FixStep({
  run,
  focusKey,
  onGo,
}: {
  run: Run<ApplyValue> | null;
  focusKey: number;
  onGo: (step: StepKind) => void;
}) {
  const running = run?.running === true;
  const applied = run?.outcome ?? null;
  return (
    <StepSection id="fix" title={running ? 'Fixing…' : 'Fix'} focusKey={focusKey}>
      <ProgressList steps={run?.progress ?? []} live />
      {applied && <FixOutcome applied={applied} />}
      {applied && 'verification' in applied && (
        <VerificationTable lines={applied.verification} caption="Read back after writing" />
      )}
      {applied && !running && <NextButton onClick={() => onGo('verify')}>Next: verify</NextButton>}
    </StepSection>
  );
}
