import { render } from 'preact';
import './styles.css';
import { App } from './app';
import { loadConfig } from './lib/config';

const root = document.getElementById('app');
if (root) {
  loadConfig().then(
    (config) => render(<App config={config} />, root),
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
