import type { ProgressStep } from '../../src/ipc/contract';

/** The engine's steps as they happen (backup, write, verify…); live while a fix runs. */
export function ProgressList({ steps, live = false }: { steps: readonly ProgressStep[]; live?: boolean }) {
  return (
    <ol className="progress" aria-live={live ? 'polite' : undefined} aria-label="Progress">
      {steps.map((p, i) => (
        <li key={i}>
          <span className="phase">{p.phase}</span> {p.message}
        </li>
      ))}
    </ol>
  );
}
