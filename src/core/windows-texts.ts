// Texts Windows shows, quoted once so that the CLI, the wizard and the reports agree.

const FIPS_OPTION = 'System cryptography: Use FIPS compliant algorithms for encryption, hashing, and signing';
const RDP_POLICY = 'Set client connection encryption level';

export const GPMC_PATH = {
  fipsDomain: `Computer Configuration › Policies › Windows Settings › Security Settings › Local Policies › Security Options › ${FIPS_OPTION}`,
  fipsLocal: `Security Settings › Local Policies › Security Options › ${FIPS_OPTION}`,
  rdpDomain: `Computer Configuration › Policies › Administrative Templates › Windows Components › Remote Desktop Services › Remote Desktop Session Host › Security › ${RDP_POLICY}`,
  rdpLocal: `Computer Configuration › Administrative Templates › Windows Components › Remote Desktop Services › Remote Desktop Session Host › Security › ${RDP_POLICY}`,
  /** Group Policy Preferences registry items, in the editor. */
  preferences: 'Computer Configuration › Preferences › Windows Settings › Registry',
  /** Where the GPO's settings report (GPMC, Settings tab) lists registry values no template describes; the editor does not show them. */
  extraRegistrySettings:
    'Computer Configuration › Policies › Administrative Templates › Extra Registry Settings',
} as const;

export const STIG_FIPS_RULES =
  'Server 2016 WN16-SO-000430, Server 2019 WN19-SO-000360, Server 2022 V-254480, Windows 10/11 WN10/WN11-SO-000230';
