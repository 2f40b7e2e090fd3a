/** The header's light/dark switch. */
import { useTheme } from '../lib/theme';

export function ThemeToggle() {
  const [theme, setTheme] = useTheme();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      class="theme-toggle"
      aria-pressed={dark}
      aria-label="Dark mode"
      data-testid="theme-toggle"
      onClick={() => setTheme(dark ? 'light' : 'dark')}
    >
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span>
      <span class="theme-label" aria-hidden="true">
        Dark mode
      </span>
    </button>
  );
}
