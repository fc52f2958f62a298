/**
 * Evidence that cannot be read as what it claims to be. Parsers throw only this; the message names
 * the file and what is wrong, so the CLI can print it as it is (exit 3) and draw no verdict.
 */
export class InvalidEvidence extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'InvalidEvidence';
  }
}
