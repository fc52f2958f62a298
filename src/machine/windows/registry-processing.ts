// "Configure registry policy processing" as the live registry has it: NoGPOListChanges under the
// registry extension's key (REGISTRY_PROCESSING_KEY), read in-process like the watched values. It
// decides whether a template value changed by hand comes back at every refresh (docs/model.md).
// The evidence folder reads the same value from a reg export (registryPolicyProcessingFrom).
import type { Evidence, UnavailableEvidence } from '../../core/evidence';
import { InvalidEvidence } from '../../core/formats/invalid-evidence';
import { REGISTRY_PROCESSING_KEY, sameRegistryName } from '../../core/settings';
import { MachineFailure, type RegistryKeyReader } from '../machine';

const VALUE = 'NoGPOListChanges';

/**
 * A reader without readKey (a test stand-in for readValue only) reads nothing here, as a folder
 * without the export; a key that cannot be read is recorded, never thrown; a value of another type
 * is refused, as the folder reader refuses it.
 */
export function liveRegistryPolicyProcessing(
  registry: Partial<RegistryKeyReader>,
  file: string,
  unavailable: UnavailableEvidence[],
): Pick<Evidence, 'registryPolicyProcessing'> {
  if (!registry.readKey) return {};
  const path = `HKLM\\${REGISTRY_PROCESSING_KEY}`;
  const at = (location: string) => ({ file, format: 'live-registry' as const, location });
  let contents: ReturnType<RegistryKeyReader['readKey']>;
  try {
    contents = registry.readKey(REGISTRY_PROCESSING_KEY);
  } catch (e) {
    if (!(e instanceof MachineFailure)) throw e;
    unavailable.push({ what: 'registry', reason: e.message });
    return {};
  }
  if (!contents)
    return {
      registryPolicyProcessing: {
        noGpoListChanges: { state: 'absent', origin: at(`${path} does not exist`) },
      },
    };
  const found = [...contents.values].find(([name]) => sameRegistryName(name, VALUE));
  if (!found)
    return {
      registryPolicyProcessing: {
        noGpoListChanges: { state: 'absent', origin: at(`${path} has no "${VALUE}" value`) },
      },
    };
  const [name, v] = found;
  if (v.type !== 'REG_DWORD')
    throw new InvalidEvidence(
      `${path}\\${name}`,
      `is ${v.type === 'other' ? v.typeName : v.type}; it must be a REG_DWORD`,
    );
  return {
    registryPolicyProcessing: {
      noGpoListChanges: { state: 'dword', data: v.data, origin: at(`${path}\\${name}`) },
    },
  };
}
