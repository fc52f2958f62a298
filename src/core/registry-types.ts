// Registry type numbers (winnt.h) as Windows names them: one table for every reader that has to say
// why a value of another type than REG_DWORD is refused (the live registry, rsop.json).
const REGISTRY_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'REG_NONE',
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  5: 'REG_DWORD_BIG_ENDIAN',
  6: 'REG_LINK',
  7: 'REG_MULTI_SZ',
  8: 'REG_RESOURCE_LIST',
  9: 'REG_FULL_RESOURCE_DESCRIPTOR',
  10: 'REG_RESOURCE_REQUIREMENTS_LIST',
  11: 'REG_QWORD',
};

export function registryTypeName(type: number): string {
  return REGISTRY_TYPE_NAMES[type] ?? `registry type ${type}`;
}
