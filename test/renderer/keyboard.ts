// Keyboard-only driving of the wizard, shared by the Chromium suite and the Electron E2E suite.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Tab (or Shift+Tab) to the control whose accessible text matches, the way a keyboard user would. */
export async function tabTo(page: Page, name: RegExp, backwards = false): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate<string>(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return '';
      const byIds = (el.getAttribute('aria-labelledby') ?? '').split(' ').filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
      // An input's label may wrap it or name it with for= (Fluent UI's fields and radios do the latter).
      const labels = [...(el.labels ?? [])].map((l) => l.textContent ?? '').join(' ') || (el.closest('label')?.textContent ?? '');
      return ((el.getAttribute('aria-label') ?? '') + ' ' + byIds + ' ' + (el.textContent ?? '') + ' ' + labels).trim();
    })()`);
    if (name.test(focused)) return;
  }
  assert.fail(`no focusable control matching ${name} reachable by Tab`);
}

export async function press(page: Page, name: RegExp): Promise<void> {
  await tabTo(page, name);
  await page.keyboard.press('Enter');
}
