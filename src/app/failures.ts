// The expected failures a shell turns into words and an exit code or an AppError. They are thrown in
// the machine layer; the shells name them from here, so that no shell imports the machine.
export { BackupRefused } from '../machine/backup-store';
export { MachineFailure, type MachineFailureCode } from '../machine/machine';
export { ElevatedStepLost } from './elevated-step';
