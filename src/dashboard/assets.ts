import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BUNDLE_DIR, buildWebBundle, WEB_ENTRY, type WebBundle } from './build-web.js';
import { esc } from '../report/svg.js';

/** Whether the prebuilt bundle exists and is no older than every web source (sources absent: an installed package). */
export function prebuiltIsFresh(): boolean {
  const js = join(BUNDLE_DIR, 'app.js');
  if (!existsSync(js) || !existsSync(join(BUNDLE_DIR, 'app.css'))) return false;
  const webDir = dirname(WEB_ENTRY);
  if (!existsSync(webDir)) return true;
  const built = statSync(js).mtimeMs;
  return readdirSync(webDir).every((f) => statSync(join(webDir, f)).mtimeMs <= built);
}

/**
 * The web app's files: the prebuilt bundle in dist/dashboard/web/ when it is there and fresh, else bundled in memory
 * on first use (once; later requests share the same promise).
 */
export class WebAssets {
  private bundle: Promise<WebBundle> | null = null;

  /** The JS and CSS of the web app. */
  get(): Promise<WebBundle> {
    this.bundle ??= prebuiltIsFresh()
      ? Promise.resolve({ js: readFileSync(join(BUNDLE_DIR, 'app.js'), 'utf8'), css: readFileSync(join(BUNDLE_DIR, 'app.css'), 'utf8') })
      : buildWebBundle();
    this.bundle.catch(() => { this.bundle = null; });
    return this.bundle;
  }
}

/** The page shell: no inline script or style (the CSP forbids both); asset URLs carry the token when one is set. */
export function indexHtml(token: string | undefined): string {
  const q = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>tinyevo dashboard</title><link rel="stylesheet" href="/app.css${esc(q)}"><script defer src="/app.js${esc(q)}"></script></head>`
    + '<body><header><a href="#/" class="brand">tinyevo</a> <span id="crumbs"></span><span id="live"></span></header><main id="app">loading…</main></body></html>\n';
}
