import { NextButton } from '../components/next-button';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import type { StepKind, StepOf } from '../wizard-state';
import type { PlanValue, VerifyValue } from '../ipc-values';

/** The server diagnosed afresh, with or without a policy refresh first: does the fix hold? */
export function VerifyStep({
  step,
  verified,
  plan,
  busy,
  focusKey,
  onVerify,
  onGo,
}: {
  step: StepOf<'verify'>;
  verified: VerifyValue | null;
  /** The plan that was applied, for what it takes to take effect. */
  plan: PlanValue['plan'] | null;
  busy: boolean;
  focusKey: number;
  onVerify: (afterRefresh: boolean) => void;
  onGo: (step: StepKind) => void;
}) {
  return (
    <StepSection id={step.kind} title="Verify" focusKey={focusKey}>
      <p>FipsFix reads every setting again, the policy sources included, and diagnoses the server afresh.</p>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => onVerify(false)}>
          Check the server again
        </button>
        <button type="button" disabled={busy} onClick={() => onVerify(true)}>
          Refresh policy, then check (gpupdate /target:computer /force)
        </button>
      </div>
      <p className="hint">
        A policy refresh reapplies every GPO and the security settings, as Windows does every 90 minutes (and
        every 16 hours for security settings): the fix should survive it. The result is kept with the backup
        and shown in the report.
      </p>
      {verified && (
        <div className={`verdict verdict-${verified.diagnosis.verdict}`} role="status" data-testid="verified">
          <p className="verdict-title">{verified.words.verdict}</p>
          <p>{verified.diagnosis.summary}</p>
          {verified.refresh && (
            <p data-testid="after-refresh">
              {verified.refresh.ran
                ? 'Checked after a policy refresh: ' +
                  (verified.diagnosis.blocksRemoteAssistance ? 'the refresh put FIPS back.' : 'the fix held.')
                : `The policy refresh did not run (${verified.refresh.reason}); this check is without it.`}
            </p>
          )}
        </div>
      )}
      {plan?.kind === 'changes' && <TextList items={plan.takesEffect.map((t) => t.what)} />}
      <NextButton onClick={() => onGo('report')}>Next: export the report</NextButton>
    </StepSection>
  );
}
