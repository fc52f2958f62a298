// Every call to main goes through here, so that a broken bridge is an error in words too, never an
// exception thrown into the page.
import type { Outcome } from './wizard-state';

export async function callMain<T>(p: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await p();
  } catch {
    return {
      ok: false,
      error: {
        code: 'Failed',
        message: 'FipsFix lost contact with its main process.',
        next: 'Close FipsFix and start it again; nothing is written without a confirmed plan.',
      },
    };
  }
}
