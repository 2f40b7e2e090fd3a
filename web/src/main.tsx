import { render } from 'preact';
import './styles.css';
import { App } from './app';
import { Api } from './lib/api';
import { Auth } from './lib/auth';
import { CALLBACK_PATH, loadConfig } from './lib/config';
import { applyTheme } from './lib/theme';
import type { Preferences } from './lib/types';

applyTheme();

const root = document.getElementById('app');
if (root) {
  loadConfig().then(
    (config) => {
      const auth = new Auth(config);
      const api = new Api(config.apiUrl, auth);
      // Every page waits for the preferences (the time zone its days are counted in): asked for
      // first, before the page's own reads queue up behind the browser's six connections.
      const signedIn = config.mode === 'local' || auth.current.status === 'signed-in';
      const preferences =
        signedIn && !location.pathname.startsWith(CALLBACK_PATH)
          ? api.get<Preferences>('/preferences')
          : undefined;
      preferences?.catch(() => undefined);
      render(<App config={config} auth={auth} api={api} firstPreferences={preferences} />, root);
    },
    (err: unknown) =>
      render(
        <main class="startup-error">
          <h1>The dashboard could not start</h1>
          <p role="alert">{err instanceof Error ? err.message : String(err)}</p>
          <button type="button" onClick={() => location.reload()}>
            Try again
          </button>
        </main>,
        root,
      ),
  );
}
