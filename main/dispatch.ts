// One message, from either shell, to the service: the sender is checked (by the shell, which passes
// its answer in), the arguments are parsed with the verb's schema, and what goes back is parsed with
// the result's schema. Anything unexpected becomes a plain 'Failed' in words — never a stack.
// Every call is logged: its verb, how long it took and the kind of its outcome, never its data.
import { contract, type ResultOf, type Verb } from '../src/ipc/contract';
import type { AppService } from '../src/app/app-service';
import { counted } from '../src/core/words/count';

type AnyResult = ResultOf<Verb>;

/** Where calls are logged: the Electron shell's log file (log.ts); the browser fallback's stderr. */
export interface CallLog {
  /** One call: its verb, its duration and its outcome's kind ("ok applied", "error PlanUnknown"). */
  call(verb: Verb, ms: number, outcome: string): void;
  /** A call that threw (a bug): the whole error, stack included, for the developer. */
  failure(verb: Verb, error: unknown): void;
}

/** Without a log file: failures on stderr, as a developer runs the browser fallback. */
export const stderrCallLog: CallLog = {
  call: () => undefined,
  failure: (verb, e) =>
    void process.stderr.write(
      `fipsfix: ${verb} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    ),
};

/**
 * The kind of a result, as far as it says nothing a diagnosis would not show: the verdict, the
 * plan's kind, an apply's or a rollback's outcome, an error's code.
 */
export function outcomeKind(result: AnyResult): string {
  if (!result.ok) return `error ${result.error.code}`;
  const v: object = result.value;
  if ('kind' in v && typeof v.kind === 'string') return `ok ${v.kind}`;
  if ('plan' in v && typeof v.plan === 'object' && v.plan !== null && 'kind' in v.plan)
    return `ok plan ${String(v.plan.kind)}`;
  if ('diagnosis' in v && typeof v.diagnosis === 'object' && v.diagnosis !== null && 'verdict' in v.diagnosis)
    return `ok ${String(v.diagnosis.verdict)}${'sources' in v ? ` (${String(v.sources)})` : ''}`;
  if ('saved' in v) return v.saved === true ? 'ok saved' : 'ok not saved';
  if ('backups' in v && Array.isArray(v.backups)) return `ok ${counted(v.backups.length, 'backup')}`;
  return 'ok';
}

const refusal = (
  code: 'UntrustedSender' | 'InvalidRequest' | 'Failed',
  message: string,
  next: string,
): AnyResult => ({ ok: false, error: { code, message, next } });

export async function dispatch(
  service: AppService,
  verb: Verb,
  trustedSender: boolean,
  raw: unknown[],
  log: CallLog = stderrCallLog,
): Promise<AnyResult> {
  const started = process.hrtime.bigint();
  const result = await answer(service, verb, trustedSender, raw, log);
  log.call(verb, Math.round(Number(process.hrtime.bigint() - started) / 1e6), outcomeKind(result));
  return result;
}

async function answer(
  service: AppService,
  verb: Verb,
  trustedSender: boolean,
  raw: unknown[],
  log: CallLog,
): Promise<AnyResult> {
  if (!trustedSender)
    return refusal(
      'UntrustedSender',
      'This request did not come from the FipsFix window; it was ignored.',
      'Use the FipsFix window.',
    );
  const spec = contract[verb];
  const args = spec.args.safeParse(raw);
  if (!args.success)
    return refusal(
      'InvalidRequest',
      'The window sent a request FipsFix does not accept; nothing was done.',
      'Restart FipsFix; if it happens again, report it with the steps that led to it.',
    );
  try {
    const a = args.data as never[];
    const result = await (service[verb] as (...x: never[]) => unknown).apply(service, a);
    return spec.result.parse(result);
  } catch (e) {
    // Logged for the developer on the main side; the administrator gets words and a next step.
    log.failure(verb, e);
    return refusal(
      'Failed',
      `FipsFix could not ${verb === 'listBackups' ? 'list the backups' : verb === 'exportReport' ? 'export the report' : verb}: ${e instanceof Error ? e.message.split('\n')[0] : 'an unexpected error'}.`,
      'Nothing further was changed. Try again; if it persists, run the same step with the fipsfix command line, which prints the details.',
    );
  }
}
