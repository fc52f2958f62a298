import type { AppError } from '../../src/ipc/contract';

/** An error from main, in words, with what to do next. */
export function ErrorBox({ error }: { error: AppError }) {
  return (
    <div className="box error" role="alert">
      <p>
        <strong>{error.message}</strong>
      </p>
      <p>Next step: {error.next}</p>
    </div>
  );
}
