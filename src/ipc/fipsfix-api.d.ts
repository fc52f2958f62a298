// window.fipsfix, as the preload exposes it (and the browser fallback's bridge stands in for it):
// one named verb per channel of src/ipc/contract.ts, typed from that contract. No generic invoke.
import type { ArgsOf, ProgressStep, ResultOf, Verb } from './contract';

export type FipsFixApi = { readonly [V in Verb]: (...args: ArgsOf<V>) => Promise<ResultOf<V>> } & {
  /** Engine steps while apply or rollback runs; returns a function that stops listening. */
  readonly onProgress: (listener: (step: ProgressStep) => void) => () => void;
};

declare global {
  interface Window {
    readonly fipsfix: FipsFixApi;
  }
}
