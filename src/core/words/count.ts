// A number with its noun, for every shell: "1 change", "2 changes", never "1 change(s)".
// English only, like every word FipsFix shows; the irregular plurals are passed in.

/** "1 value", "3 values"; `plural` where adding an s is wrong ("1 GPO applies", "2 GPOs apply" need none). */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "this value" / "these 2 values": a demonstrative that agrees with its count. */
export function theseCounted(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? `this ${singular}` : `these ${n} ${plural}`;
}
