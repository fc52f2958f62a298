// Light, dark or high contrast, as Windows is set: the window follows prefers-color-scheme and
// forced-colors (Windows' contrast themes), and changes with them while it is open.
import { teamsHighContrastTheme, webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';

const DARK = '(prefers-color-scheme: dark)';
const FORCED = '(forced-colors: active)';

type Scheme = 'light' | 'dark' | 'high-contrast';

function current(): Scheme {
  if (window.matchMedia(FORCED).matches) return 'high-contrast';
  return window.matchMedia(DARK).matches ? 'dark' : 'light';
}

function subscribe(onChange: () => void): () => void {
  const queries = [DARK, FORCED].map((q) => window.matchMedia(q));
  for (const q of queries) q.addEventListener('change', onChange);
  return () => {
    for (const q of queries) q.removeEventListener('change', onChange);
  };
}

const THEMES: Readonly<Record<Scheme, Theme>> = {
  light: webLightTheme,
  dark: webDarkTheme,
  'high-contrast': teamsHighContrastTheme,
};

export function useSystemTheme(): Theme {
  return THEMES[useSyncExternalStore(subscribe, current)];
}
