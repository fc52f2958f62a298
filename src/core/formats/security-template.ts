// The security template `secedit /configure /db NEW.sdb /cfg FILE /areas SECURITYPOLICY` reads to set
// "System cryptography: Use FIPS compliant algorithms…" (WINDOWS-FACTS.md). secedit wants
// UTF-16LE with a byte-order mark and says so in [Unicode]; [Version] with the $CHICAGO$ signature
// marks the file as a template; the option itself is a [Registry Values] line `path=type,data`.
import { WATCHED_VALUES } from '../settings';
import { encodeUtf16leWithBom } from './text-encoding';

/** The option's path as secedit writes it in exports and templates (type 4 is REG_DWORD). */
export const FIPS_SECURITY_OPTION_PATH =
  'MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\FIPSAlgorithmPolicy\\Enabled';

export function fipsSecurityTemplateText(data: 0 | 1): string {
  if (data !== 0 && data !== 1)
    throw new RangeError(
      `${WATCHED_VALUES['fips-algorithm-policy'].label}: ${String(data)} is neither 0 nor 1`,
    );
  return [
    '[Unicode]',
    'Unicode=yes',
    '[Version]',
    'signature="$CHICAGO$"',
    'Revision=1',
    '[Registry Values]',
    `${FIPS_SECURITY_OPTION_PATH}=4,${data}`,
    '',
  ].join('\r\n');
}

/** The template's bytes: UTF-16LE with a byte-order mark, CRLF line ends. */
export function fipsSecurityTemplate(data: 0 | 1): Uint8Array {
  return encodeUtf16leWithBom(fipsSecurityTemplateText(data));
}
