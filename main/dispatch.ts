// One message, from either shell, to the service: the sender is checked (by the shell, which passes
// its answer in), the arguments are parsed with the verb's schema, and what goes back is parsed with
// the result's schema. Anything unexpected becomes a plain 'Failed' in words — never a stack.
import { contract, type ResultOf, type Verb } from '../src/ipc/contract';
import type { AppService } from '../src/app/app-service';

type AnyResult = ResultOf<Verb>;

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
    const result = await (service[verb] as (...x: never[]) => Promise<unknown> | unknown).apply(service, a);
    return spec.result.parse(result) as AnyResult;
  } catch (e) {
    // Logged for the developer on the main side; the administrator gets words and a next step.
    process.stderr.write(
      `fipsfix: ${verb} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return refusal(
      'Failed',
      `FipsFix could not ${verb === 'listBackups' ? 'list the backups' : verb === 'exportReport' ? 'export the report' : verb}: ${e instanceof Error ? e.message.split('\n')[0] : 'an unexpected error'}.`,
      'Nothing further was changed. Try again; if it persists, run the same step with the fipsfix command line, which prints the details.',
    );
  }
}
