import { useEffect, useRef, type ReactNode } from 'react';
import type { StepKind } from '../wizard-state';

/** One step of the wizard; its heading takes the focus whenever focusKey changes, for keyboard and screen reader users. */
export function StepSection({
  id,
  title,
  children,
  focusKey,
}: {
  id: StepKind;
  title: string;
  children: ReactNode;
  focusKey: number;
}) {
  const h = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    h.current?.focus();
  }, [focusKey]);
  return (
    <section aria-labelledby={`h-${id}`} className="step">
      {/* Focused by script only (tabIndex -1), so it shows no field-like outline: see styles.css. */}
      <h2 id={`h-${id}`} tabIndex={-1} ref={h} className="step-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
