import { ensureWebBuild } from '../../../local/web-assets';

/** The e2e suite tests the built dashboard: build it once if web/dist is missing or stale. */
export default async function setup() {
  await ensureWebBuild();
}
