import type { StepKind } from '../wizard-state';

const STEPS: readonly { id: StepKind; label: string }[] = [
  { id: 'diagnosis', label: 'Diagnosis' },
  { id: 'method', label: 'How to fix it' },
  { id: 'confirm', label: 'Confirm' },
  { id: 'fix', label: 'Fix' },
  { id: 'verify', label: 'Verify' },
  { id: 'report', label: 'Report' },
  { id: 'backups', label: 'Backups' },
];

/** The list of steps: the current one marked, the ones not reachable yet (or while busy) disabled. */
export function StepNav({
  current,
  enabled,
  onGo,
}: {
  current: StepKind;
  enabled: (step: StepKind) => boolean;
  onGo: (step: StepKind) => void;
}) {
  return (
    <nav aria-label="Steps">
      <ol>
        {STEPS.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              aria-current={current === s.id ? 'step' : undefined}
              disabled={!enabled(s.id)}
              onClick={() => onGo(s.id)}
            >
              {s.label}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
