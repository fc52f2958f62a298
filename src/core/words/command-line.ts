// Commands FipsFix tells a person to run, written so that they work when pasted: the same target
// options (--machine, --evidence) as the command that printed them, each argument quoted if needed.

/** An argument as a shell takes it: bare when it is plain, else in quotes (cmd, PowerShell and sh alike). */
export function quoteArgument(value: string): string {
  if (/^[A-Za-z0-9._/\\:@%+=,-]+$/.test(value)) return value;
  // Double quotes read the same in cmd, PowerShell and sh unless the value holds what they expand.
  if (!/["$`!\n\r]/.test(value)) return `"${value}"`;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** What chose the target of a command: passed on to every command it suggests. */
export interface CommandTarget {
  readonly machine?: string | undefined;
  readonly evidence?: string | undefined;
}

/** ` --machine NAME` (or ` --evidence DIR`), or nothing for this Windows machine. */
export function targetArguments(t: CommandTarget | undefined): string {
  if (t?.machine) return ` --machine ${quoteArgument(t.machine)}`;
  if (t?.evidence) return ` --evidence ${quoteArgument(t.evidence)}`;
  return '';
}

/** `fipsfix <command> <args…>` on the same target: "fipsfix rollback ID --machine rdp-tcp-fips". */
export function fipsfixCommand(command: string, target?: CommandTarget): string {
  return `fipsfix ${command}${targetArguments(target)}`;
}
