/**
 * Light or dark: the system's choice (prefers-color-scheme) unless the student picked one with
 * the header's toggle, remembered in this browser. Applied as `data-theme` on <html>, which the
 * stylesheet's colour variables (and so the charts and the calendar) follow.
 */
import { useEffect, useState } from 'preact/hooks';

export type Theme = 'light' | 'dark';
const KEY = 'theme';
const media = () => matchMedia('(prefers-color-scheme: dark)');

const stored = (): Theme | null => {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
};

export const systemTheme = (): Theme => (media().matches ? 'dark' : 'light');

/** Sets the theme on the page before the first paint and whenever it changes. */
export function applyTheme(theme: Theme = stored() ?? systemTheme()): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}

const listeners = new Set<(t: Theme) => void>();

export function useTheme(): [Theme, (t: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => stored() ?? systemTheme());
  useEffect(() => {
    listeners.add(setTheme);
    const onSystem = () => {
      if (!stored()) {
        applyTheme();
        for (const l of listeners) l(systemTheme());
      }
    };
    const query = media();
    query.addEventListener('change', onSystem);
    return () => {
      listeners.delete(setTheme);
      query.removeEventListener('change', onSystem);
    };
  }, []);
  const choose = (t: Theme) => {
    try {
      localStorage.setItem(KEY, t);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    applyTheme(t);
    for (const l of listeners) l(t);
  };
  return [theme, choose];
}

/** Reads a colour variable of the current theme, for canvas and SVG drawing. */
export const themeColor = (name: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim();
