// What is known about when a change takes effect, and what to check, said once: the plan's
// "takes effect" lines and the symptom note use these. Nothing here claims a version range that
// nobody verified (docs/model.md, "Restarts").

export const RDP_LEVEL_TAKES_EFFECT =
  'New RDP and Remote Assistance connections are meant to use the new encryption level; existing sessions keep theirs. Whether Remote Desktop Services must restart first is not verified on any Windows version: try a new connection, and if it is still refused (TermDD event 50, DATA ENCRYPTION), restart Remote Desktop Services (TermService), which drops every session, yours included. FipsFix never does this by itself.';

export const RDP_LEVEL_TAKES_EFFECT_SOURCE =
  'WMI Win32_TSGeneralSetting MinEncryptionLevel; not verified on real Windows';

export const FIPS_TAKES_EFFECT =
  'The FIPS policy page says "Restart requirement: None", but .NET caches the mode per process, so processes started before the change (Remote Desktop Services among them) may keep FIPS mode. Try a new connection; if it is still refused (TermDD event 50, DATA ENCRYPTION), restart Remote Desktop Services (TermService, which drops every session, yours included) or reboot. FipsFix never does this by itself.';

export const FIPS_TAKES_EFFECT_SOURCE =
  'Microsoft: "System cryptography: Use FIPS compliant algorithms…" — Restart requirement: None; .NET caches the mode per process';

/** For the symptom note: events while the settings read now do not force FIPS. */
export const STILL_REFUSED_CHECK =
  'the events may predate a fix, or a process started before the change still runs in FIPS mode (.NET caches the mode per process): check that the last event is older than the change; if new ones keep coming, restart Remote Desktop Services (TermService, which drops every session) or reboot';

/**
 * After a fix, the decision the administrator is left with: what to do now, and what each answer means.
 * Whether Remote Desktop Services must restart is not verified (above), so the decision rests on a
 * new connection; restarting is the administrator's, never FipsFix's.
 */
export const AFTER_FIX_DECISION = {
  now: 'Now: start a new Remote Assistance or RDP connection from a Windows 10 client (an existing session keeps its old settings).',
  connects: 'It connects: nothing more to do. Export the report for the change record.',
  refused:
    'It is still refused (TermDD event 50, DATA ENCRYPTION, in the System log): restart Remote Desktop Services (TermService) when dropping every session is acceptable, or reboot; then connect again.',
  check:
    'To check from here: Refresh reads the server again, and a new TermDD event 50 after the fix means clients are still refused.',
} as const;
