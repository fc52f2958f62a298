import { Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { StepSection } from '../components/step-section';
import { TextList } from '../components/text-list';
import type { StepOf } from '../wizard-state';
import type { PlanValue, VerifyValue } from '../ipc-values';

const VERDICT_INTENT = { blocked: 'error', 'not-blocked': 'success', incomplete: 'warning' } as const;

/** The server diagnosed afresh, with or without a policy refresh first: does the fix hold? Then what to do now. */
export function VerifyStep({
  step,
  verified,
  plan,
  busy,
  focusKey,
  onVerify,
}: {
  step: StepOf<'verify'>;
  verified: VerifyValue | null;
  /** The plan that was applied, for what it takes to take effect and the decision after it. */
  plan: PlanValue | null;
  busy: boolean;
  focusKey: number;
  onVerify: (afterRefresh: boolean) => void;
}) {
  const changes = plan?.plan.kind === 'changes' ? plan.plan : null;
  return (
    <StepSection id={step.kind} title="Verify" focusKey={focusKey}>
      <p>FipsFix reads every setting again, the policy sources included, and diagnoses the server afresh.</p>
      <div className="actions">
        <Button disabled={busy} onClick={() => onVerify(false)}>
          Check the server again
        </Button>
        <Button disabled={busy} onClick={() => onVerify(true)}>
          Refresh policy, then check (gpupdate /target:computer /force)
        </Button>
      </div>
      <p className="hint">
        A policy refresh reapplies every GPO and the security settings, as Windows does every 90 minutes (and
        every 16 hours for security settings): the fix should survive it. The result is kept with the backup
        and shown in the report.
      </p>
      {verified && (
        <MessageBar
          intent={VERDICT_INTENT[verified.diagnosis.verdict]}
          layout="multiline"
          className="message"
          role="status"
          data-testid="verified"
        >
          <MessageBarBody>
            <MessageBarTitle>{verified.words.verdict}</MessageBarTitle>
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
          </MessageBarBody>
        </MessageBar>
      )}
      {changes && (
        <div className="two-columns">
          <section aria-labelledby="effect-title">
            <h3 id="effect-title">What it takes to take effect</h3>
            <TextList items={changes.takesEffect.map((t) => t.what)} />
          </section>
          {plan && (
            <section aria-labelledby="decision-title" data-testid="decision">
              <h3 id="decision-title">What to do now</h3>
              <p>{plan.afterFix.now}</p>
              <ul>
                <li>{plan.afterFix.connects}</li>
                <li>{plan.afterFix.refused}</li>
              </ul>
              <p className="hint">{plan.afterFix.check}</p>
            </section>
          )}
        </div>
      )}
    </StepSection>
  );
}
