import { Button } from '@fluentui/react-components';
import { CheckmarkCircleFilled } from '@fluentui/react-icons';
import type { StepKind } from '../wizard-state';

export const STEPS: readonly { id: StepKind; label: string }[] = [
  { id: 'target', label: 'Server' },
  { id: 'diagnosis', label: 'Diagnosis' },
  { id: 'method', label: 'How to fix it' },
  { id: 'confirm', label: 'Confirm' },
  { id: 'fix', label: 'Fix' },
  { id: 'verify', label: 'Verify' },
  { id: 'report', label: 'Report' },
  { id: 'backups', label: 'Backups' },
];

/** The vertical list of steps: the current one marked, done ones ticked, unreachable ones (or all, while busy) disabled. */
export function StepNav({
  current,
  enabled,
  done,
  onGo,
}: {
  current: StepKind;
  enabled: (step: StepKind) => boolean;
  done: (step: StepKind) => boolean;
  onGo: (step: StepKind) => void;
}) {
  return (
    <nav aria-label="Steps" className="step-nav">
      <ol>
        {STEPS.map((s) => (
          <li key={s.id}>
            <Button
              appearance="subtle"
              className={current === s.id ? 'step-button step-current' : 'step-button'}
              aria-current={current === s.id ? 'step' : undefined}
              disabled={!enabled(s.id)}
              onClick={() => onGo(s.id)}
            >
              {/* The number is drawn by CSS (a counter), so the button's name is the step's alone. */}
              <span className="step-number" aria-hidden="true" />
              <span className="step-label">{s.label}</span>
              {done(s.id) && current !== s.id && (
                <CheckmarkCircleFilled className="step-done state-done" aria-hidden="true" />
              )}
            </Button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
