// How to fix a cause read from an evidence folder: on the server it was collected on, not here. The
// remedy's summary says what to change; "FipsFix can do this here" is said of the machine FipsFix
// runs on, so for a record of another server it becomes where to run FipsFix instead.
import type { Cause } from '../diagnosis-schema';

const HERE = ' FipsFix can do this here.';

export function fixElsewhereWords(c: Pick<Cause, 'fixableLocally' | 'remedy'>): string {
  if (!c.fixableLocally) return c.remedy.summary;
  const what = c.remedy.summary.endsWith(HERE) ? c.remedy.summary.slice(0, -HERE.length) : c.remedy.summary;
  return `${what} Run FipsFix on that server to make this change: it backs the value up first and reads it back.`;
}
