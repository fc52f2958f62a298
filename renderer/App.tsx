// The wizard: diagnosis → method → confirmation → fix → verification → report, and the backups with
// rollback. It talks only to window.fipsfix (src/ipc/fipsfix-api.d.ts), through use-wizard.ts: it
// sends identifiers and choices, shows what comes back, and decides nothing the core decides. The
// state is one reducer over the steps (wizard-state.ts); each step is a component of steps/.
import { assertNever } from './assert-never';
import { ErrorBox } from './components/error-box';
import { InterruptedWarning } from './components/interrupted-warning';
import { StepNav } from './components/step-nav';
import { BackupsStep } from './steps/backups-step';
import { ConfirmStep } from './steps/confirm-step';
import { DiagnosisStep } from './steps/diagnosis-step';
import { FixStep } from './steps/fix-step';
import { MethodStep } from './steps/method-step';
import { ReportStep } from './steps/report-step';
import { VerifyStep } from './steps/verify-step';
import { useWizard, type WizardCommands } from './use-wizard';
import { applicablePlanId, isBusy, isFixable, isReachable, type WizardState } from './wizard-state';

function CurrentStep({ state, commands }: { state: WizardState; commands: WizardCommands }) {
  const { step, focusKey, diagnosis } = state;
  const busy = isBusy(state);
  switch (step.kind) {
    case 'diagnosis':
      return (
        <DiagnosisStep
          value={diagnosis}
          failed={state.error !== null}
          focusKey={focusKey}
          onGo={commands.go}
        />
      );
    case 'method':
      return (
        diagnosis && (
          <MethodStep
            step={step}
            value={diagnosis}
            fixable={isFixable(state)}
            focusKey={focusKey}
            onGo={commands.go}
          />
        )
      );
    case 'confirm':
      return (
        diagnosis && (
          <ConfirmStep
            step={step}
            choosesRdpLevel={diagnosis.diagnosis.causes.some((c) => c.setting === 'rdp-encryption-level')}
            canApply={applicablePlanId(state) !== null}
            focusKey={focusKey}
            onLevel={commands.chooseLevel}
            onConfirmLow={commands.confirmLow}
            onApply={() => void commands.apply()}
          />
        )
      );
    case 'fix':
      return <FixStep run={state.fix} focusKey={focusKey} onGo={commands.go} />;
    case 'verify':
      return (
        <VerifyStep
          step={step}
          verified={state.verified}
          plan={state.fix?.plan.plan ?? null}
          busy={busy}
          focusKey={focusKey}
          onVerify={(afterRefresh) => void commands.verify(afterRefresh)}
          onGo={commands.go}
        />
      );
    case 'report':
      return (
        <ReportStep
          withFix={state.fix?.outcome != null && 'backup' in state.fix.outcome}
          exported={state.exported}
          busy={busy}
          focusKey={focusKey}
          onExport={(format) => void commands.exportReport(format)}
          onGo={commands.go}
        />
      );
    case 'backups':
      return (
        <BackupsStep
          step={step}
          rollback={state.rollback}
          diagnosis={diagnosis}
          busy={busy}
          focusKey={focusKey}
          onAsk={commands.askRollback}
          onRestore={() => void commands.rollback()}
          onCancel={commands.cancelRollback}
        />
      );
    default:
      return assertNever(step, 'unknown step');
  }
}

export function App() {
  const { state, commands } = useWizard();
  const { diagnosis, error } = state;
  const busy = isBusy(state);
  return (
    <div className="app">
      <header>
        <h1 className="brand">FipsFix</h1>
        <p className="origin">{diagnosis ? `Working on: ${diagnosis.origin}` : 'Reading the server…'}</p>
      </header>
      <StepNav
        current={state.step.kind}
        enabled={(kind) => !busy && isReachable(state, kind)}
        onGo={commands.go}
      />
      <main>
        {error && <ErrorBox error={error} />}
        {diagnosis?.interrupted && <InterruptedWarning what={diagnosis.interrupted} />}
        <CurrentStep state={state} commands={commands} />
      </main>
    </div>
  );
}
