import { Spinner } from '@fluentui/react-components';
import {
  CheckmarkCircleFilled,
  CircleRegular,
  DismissCircleFilled,
  SubtractCircleRegular,
} from '@fluentui/react-icons';
import type { ProgressRow, RowState } from '../progress-rows';

const STATE_WORDS: Readonly<Record<RowState, string>> = {
  pending: 'pending',
  running: 'running',
  done: 'done',
  failed: 'failed',
  'not-run': 'not run',
};

function StateIcon({ state }: { state: RowState }) {
  switch (state) {
    case 'running':
      return <Spinner size="extra-tiny" aria-hidden="true" />;
    case 'done':
      return <CheckmarkCircleFilled className="state-done" aria-hidden="true" />;
    case 'failed':
      return <DismissCircleFilled className="state-failed" aria-hidden="true" />;
    case 'not-run':
      return <SubtractCircleRegular className="state-muted" aria-hidden="true" />;
    default:
      return <CircleRegular className="state-muted" aria-hidden="true" />;
  }
}

/** The engine's steps, each pending, running, done or failed; live while a fix or rollback runs. */
export function ProgressList({ rows, live = false }: { rows: readonly ProgressRow[]; live?: boolean }) {
  return (
    <ol className="progress" aria-live={live ? 'polite' : undefined} aria-label="Steps of the fix engine">
      {rows.map((r, i) => (
        <li key={i} className={`progress-row progress-${r.state}`} data-state={r.state}>
          <span className="progress-icon">
            <StateIcon state={r.state} />
          </span>
          <span className="progress-what">
            {r.what}
            {r.detail && r.detail !== r.what && <span className="progress-detail">{r.detail}</span>}
          </span>
          <span className="progress-state">{STATE_WORDS[r.state]}</span>
        </li>
      ))}
    </ol>
  );
}
