// The IPC channel names, alone, so the preload bundle (which must stay tiny and cannot load zod in a
// sandbox) and main share one list. The schemas for each channel are in contract.ts.
export const CHANNELS = {
  diagnose: 'fipsfix:diagnose',
  plan: 'fipsfix:plan',
  apply: 'fipsfix:apply',
  verify: 'fipsfix:verify',
  listBackups: 'fipsfix:list-backups',
  rollback: 'fipsfix:rollback',
  exportReport: 'fipsfix:export-report',
  targets: 'fipsfix:targets',
  openTarget: 'fipsfix:open-target',
  gpoInstructions: 'fipsfix:gpo-instructions',
  saveGpoInstructions: 'fipsfix:save-gpo-instructions',
  previewRollback: 'fipsfix:preview-rollback',
  openFile: 'fipsfix:open-file',
} as const;

/** main → renderer: one fix-engine step as it happens. */
export const PROGRESS_CHANNEL = 'fipsfix:progress';

export type Verb = keyof typeof CHANNELS;
export const VERBS = Object.keys(CHANNELS) as Verb[];
