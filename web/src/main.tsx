import { render } from 'preact';
import './styles.css';
import { App } from './app';
import { Api } from './lib/api';
import { Auth } from './lib/auth';
import { loadConfig } from './lib/config';
import { applyTheme } from './lib/theme';

applyTheme();

const root = document.getElementById('app');
if (root) {
  loadConfig().then(
    (config) => {
      const auth = new Auth(config);
      // Locally, ask for the token while the first page renders rather than after.
      if (config.mode === 'local') auth.token().catch(() => undefined);
      render(<App config={config} auth={auth} api={new Api(config.apiUrl, auth)} />, root);
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
