import { defineConfig } from 'vite';

/**
 * The dashboard builds to static files in web/dist: served by the local gateway under `/`, and
 * uploaded to S3 behind CloudFront when deployed. `/config.json` is not part of the build; each
 * environment serves its own next to the app. The root is web/ (`vite build web`, or `root` when
 * built programmatically), so paths here are relative to it.
 */
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
});
