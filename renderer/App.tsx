// The wizard: server → diagnosis → method → confirmation → fix → verification → report, and the
// backups with rollback. It talks only to window.fipsfix (src/ipc/fipsfix-api.d.ts), through
// use-wizard.ts: it sends identifiers and choices, shows what comes back, and decides nothing the
// core decides. The state is one reducer over the steps (wizard-state.ts); each step is a component
// of steps/. Like a Windows wizard, the step list is on the left and a fixed command bar (Back, the
// step's primary action, Cancel) stays at the bottom whatever the step's length.
import { Button, Spinner } from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { assertNever } from './assert-never';
import { CommandBar, type CommandAction } from './components/command-bar';
import { ErrorBox } from './components/error-box';
import { InterruptedWarning } from './components/interrupted-warning';
import { StepNav } from './components/step-nav';
import { BackupsStep } from './steps/backups-step';
import { ConfirmStep } from './steps/confirm-step';
import { DiagnosisStep } from './steps/diagnosis-step';
import { FixStep } from './steps/fix-step';
import { MethodStep } from './steps/method-step';
import { copyText } from './saved-file';
import { ReportStep } from './steps/report-step';
import { TargetStep } from './steps/target-step';
import { VerifyStep } from './steps/verify-step';
import { useWizard, type WizardCommands } from './use-wizard';
import {
  applicablePlanId,
  isBusy,
  isEvidence,
  isFixable,
  isReachable,
  previousStep,
  type StepKind,
  type WizardState,
} from './wizard-state';

function CurrentStep({ state, commands }: { state: WizardState; commands: WizardCommands }) {
  const { step, focusKey, diagnosis } = state;
  const busy = isBusy(state);
  const canOpen = state.targets?.openFiles === true;
  switch (step.kind) {
    case 'target':
      return (
        <TargetStep
          step={step}
          targets={state.targets}
          focusKey={focusKey}
          onSelect={commands.selectTarget}
        />
      );
    case 'diagnosis':
      return <DiagnosisStep value={diagnosis} failed={state.error !== null} focusKey={focusKey} />;
    case 'method':
      return (
        diagnosis && (
          <MethodStep
            step={step}
            value={diagnosis}
            fixable={isFixable(state)}
            busy={busy}
            exported={state.exported}
            canOpen={canOpen}
            focusKey={focusKey}
            onCopy={commands.copyInstructions}
            onCopyText={copyText}
            onSave={() => void commands.saveInstructions()}
            onOpen={(file) => void commands.openSaved(file)}
          />
        )
      );
    case 'confirm':
      return (
        diagnosis && (
          <ConfirmStep
            step={step}
            server={diagnosis.diagnosis.machine.name ?? diagnosis.target.name}
            choosesRdpLevel={diagnosis.diagnosis.causes.some((c) => c.setting === 'rdp-encryption-level')}
            focusKey={focusKey}
            onLevel={commands.chooseLevel}
            onConfirmLow={commands.confirmLow}
          />
        )
      );
    case 'fix':
      return <FixStep run={state.fix} focusKey={focusKey} />;
    case 'verify':
      return (
        <VerifyStep
          step={step}
          verified={state.verified}
          plan={state.fix?.plan ?? null}
          busy={busy}
          focusKey={focusKey}
          onVerify={(afterRefresh) => void commands.verify(afterRefresh)}
        />
      );
    case 'report':
      return (
        <ReportStep
          step={step}
          withFix={state.fix?.outcome != null && 'backup' in state.fix.outcome}
          exported={state.exported}
          canOpen={canOpen}
          busy={busy}
          focusKey={focusKey}
          onTicket={commands.changeTicket}
          onExport={(format) => void commands.exportReport(format)}
          onOpen={(file) => void commands.openSaved(file)}
        />
      );
    case 'backups':
      return (
        <BackupsStep
          step={step}
          rollback={state.rollback}
          diagnosis={state.reading ? null : diagnosis}
          exported={state.exported}
          canOpen={canOpen}
          busy={busy}
          focusKey={focusKey}
          onAsk={commands.askRollback}
          onRestore={() => void commands.rollback()}
          onCancel={commands.cancelRollback}
          onReport={(id) => void commands.backupReport(id, 'html')}
          onOpen={(file) => void commands.openSaved(file)}
        />
      );
    default:
      return assertNever(step, 'unknown step');
  }
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The step's one way on: its label names what happens ("Apply 1 change to APP-TS02"). */
function primaryOf(state: WizardState, commands: WizardCommands): CommandAction | null {
  const { step, diagnosis } = state;
  const busy = isBusy(state);
  const go = (to: StepKind, label: string): CommandAction => ({
    label,
    onClick: () => commands.go(to),
    disabled: busy || !isReachable(state, to),
  });
  switch (step.kind) {
    case 'target':
      return {
        label: step.opening ? 'Opening…' : 'Open and diagnose',
        onClick: () => void commands.openTarget(),
        disabled: busy,
      };
    case 'diagnosis':
      if (!diagnosis) return { label: 'Next', onClick: () => undefined, disabled: true };
      return diagnosis.diagnosis.causes.length > 0
        ? go('method', 'Next: how to fix it')
        : go('report', 'Next: the report');
    case 'method':
      return isFixable(state) ? go('confirm', 'Next: review the changes') : go('report', 'Next: the report');
    case 'confirm': {
      const made = step.plan?.value;
      const n = made?.plan.kind === 'changes' ? made.plan.changes.length : 0;
      const server = diagnosis?.diagnosis.machine.name ?? diagnosis?.target.name ?? 'this server';
      return {
        label: n > 0 ? `Apply ${plural(n, 'change')} to ${server}` : 'Apply',
        onClick: () => void commands.apply(),
        disabled: applicablePlanId(state) === null,
        elevated: made?.writes === 'elevated-step',
      };
    }
    case 'fix':
      return go('verify', 'Next: verify');
    case 'verify':
      return go('report', 'Next: the report');
    case 'report':
      return isEvidence(state) ? null : go('backups', 'Next: backups');
    case 'backups':
      return go('diagnosis', 'Done: back to the diagnosis');
    default:
      return assertNever(step, 'unknown step');
  }
}

export function App() {
  const { state, commands } = useWizard();
  const { diagnosis, error } = state;
  const busy = isBusy(state);
  const back = previousStep(state);
  const target = diagnosis?.target ?? state.targets?.current;
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="brand">FipsFix</h1>
        <p className="origin" data-testid="origin">
          {target ? `Working on: ${target.origin}` : 'Reading the server…'}
        </p>
        {state.reading && diagnosis && <Spinner size="extra-tiny" aria-label="Reading the server again" />}
        <Button
          icon={<ArrowClockwiseRegular />}
          appearance="subtle"
          disabled={busy}
          onClick={commands.refresh}
          aria-keyshortcuts="F5"
          title="Read the server again (F5)"
        >
          Refresh
        </Button>
      </header>
      <StepNav
        current={state.step.kind}
        enabled={(kind) => !busy && isReachable(state, kind)}
        done={(kind) =>
          (kind === 'diagnosis' && diagnosis !== null) ||
          (kind === 'fix' && state.fix?.outcome?.kind === 'applied') ||
          (kind === 'verify' && state.verified !== null)
        }
        onGo={commands.go}
      />
      <main className="content">
        {error && <ErrorBox error={error} />}
        {diagnosis?.interrupted && <InterruptedWarning what={diagnosis.interrupted} />}
        <CurrentStep state={state} commands={commands} />
      </main>
      <CommandBar
        back={{
          label: 'Back',
          onClick: () => back && commands.go(back),
          disabled: busy || back === null,
        }}
        primary={primaryOf(state, commands)}
        cancel={{
          label: 'Cancel',
          // Leaves the flow without changing anything: back to the diagnosis, any unapplied choice dropped.
          onClick: () => commands.go('diagnosis'),
          disabled: busy || state.step.kind === 'diagnosis',
        }}
      />
    </div>
  );
}
