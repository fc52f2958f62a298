// What the window does with a saved file beyond naming it: in the browser fallback, main hands the
// file back and the browser downloads it (a tab has no Save As dialog); copying text to the clipboard.
import type { ExportValue } from './wizard-state';

/** Has the browser download the file main handed back (the browser fallback only). */
export function downloadIfOffered(saved: ExportValue): void {
  if (!saved.saved || !saved.download) return;
  const { name, mime, base64 } = saved.download;
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Copies text: the Clipboard API where the page may use it, else a selected, hidden text area and the
 * copy command (Electron denies the page every permission, the clipboard's included).
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.className = 'offscreen';
    area.setAttribute('aria-hidden', 'true');
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
