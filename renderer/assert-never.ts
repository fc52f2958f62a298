/** The end of a switch over a union: a missed case fails to compile, and throws if a value slips past the types. */
export function assertNever(x: never, message: string): never {
  throw new Error(`${message}: ${JSON.stringify(x)}`);
}
