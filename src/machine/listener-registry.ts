// The listeners, their layers and the broker settings, read through a machine's RegistryKeyReader
// (native-reg on Windows, the simulated registry), with the same rules as an evidence folder.
import type { Evidence, UnavailableEvidence } from '../core/evidence';
import { listenerEvidenceFrom, type KeyLookup } from '../core/listener-evidence';
import { sameRegistryName } from '../core/settings';
import { MachineFailure, type RegistryKeyReader } from './machine';

/** A reader that may not enumerate keys (a test double, an older port): then listeners are not read. */
export type MaybeKeyReader = Partial<RegistryKeyReader>;

export function keyLookupOver(reader: RegistryKeyReader, file: string): KeyLookup {
  return (keyUnderHklm) => {
    const contents = reader.readKey(keyUnderHklm);
    const at = (location: string) => ({ file, format: 'live-registry' as const, location });
    if (!contents) return { absent: at(`HKLM\\${keyUnderHklm} does not exist`) };
    return {
      path: keyUnderHklm,
      subkeys: contents.subkeys,
      value: (name) => {
        for (const [n, v] of contents.values) if (sameRegistryName(n, name)) return v;
        return undefined;
      },
      origin: (name, present) =>
        at(
          name === ''
            ? `HKLM\\${keyUnderHklm}`
            : `HKLM\\${keyUnderHklm}\\${name}${present ? '' : ' (absent)'}`,
        ),
    };
  };
}

/** What the live registry says about listeners; a key that cannot be read is recorded, not thrown. */
export function liveListenerEvidence(
  registry: MaybeKeyReader,
  file: string,
  unavailable: UnavailableEvidence[],
): Pick<Evidence, 'listeners' | 'listenerPolicy' | 'sessionDirectory'> {
  const readKey = registry.readKey?.bind(registry);
  if (!readKey) return {};
  try {
    return listenerEvidenceFrom(keyLookupOver({ readKey }, file), file);
  } catch (e) {
    if (!(e instanceof MachineFailure)) throw e;
    unavailable.push({ what: 'registry', reason: e.message });
    return {};
  }
}
