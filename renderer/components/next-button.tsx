import type { ReactNode } from 'react';

/** The step's way on: one primary button in its own row of actions. */
export function NextButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <div className="actions">
      <button type="button" className="primary" onClick={onClick}>
        {children}
      </button>
    </div>
  );
}
