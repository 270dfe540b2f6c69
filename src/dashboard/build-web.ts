// Bundles the web app (src/dashboard/web/, plain TypeScript + uPlot) into one JS and one CSS file with esbuild.
// Run as a script after `tsc` (node dist/src/dashboard/build-web.js) it writes dist/dashboard/web/app.js and app.css,
// which the server serves; when they are missing the server bundles in memory on the first request instead.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DashboardError } from './errors.js';

/** The package root: three folders above dist/src/dashboard/ (or two above src/dashboard/ when run from source). */
export const PACKAGE_ROOT = ((): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(`${join('dist', 'src')}`) ? resolve(here, '..', '..', '..') : resolve(here, '..', '..');
})();

/** Where the prebuilt bundle lives. */
export const BUNDLE_DIR = join(PACKAGE_ROOT, 'dist', 'dashboard', 'web');
/** The web app's entry point. */
export const WEB_ENTRY = join(PACKAGE_ROOT, 'src', 'dashboard', 'web', 'main.mts');

/** The bundled web app. */
export interface WebBundle {
  readonly js: string;
  readonly css: string;
}

/** Bundles the web app in memory (minified, ES2020, no external imports). Throws DashboardError when esbuild is absent. */
export async function buildWebBundle(): Promise<WebBundle> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new DashboardError(`dashboard: the web bundle ${join(BUNDLE_DIR, 'app.js')} must exist, or esbuild must be installed to build it; got neither. Run \`node dist/src/dashboard/build-web.js\` in a checkout with dev dependencies.`, 500);
  }
  const result = await esbuild.build({
    entryPoints: { app: WEB_ENTRY }, bundle: true, write: false, minify: true, format: 'iife', target: 'es2020', outdir: 'out', logLevel: 'silent', legalComments: 'none',
  });
  const text = (ext: string): string => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: text('.js'), css: text('.css') };
}

/** Writes the bundle to `dir` (default dist/dashboard/web/); returns the files written. */
export async function writeWebBundle(dir = BUNDLE_DIR): Promise<string[]> {
  const b = await buildWebBundle();
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, 'app.js'), join(dir, 'app.css')];
  writeFileSync(files[0] as string, b.js);
  writeFileSync(files[1] as string, b.css);
  return files;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const files = await writeWebBundle();
  process.stdout.write(`dashboard web bundle: ${files.join(', ')}\n`);
}
