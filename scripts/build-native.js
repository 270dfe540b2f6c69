#!/usr/bin/env node
// Builds tinyevo's optional native engine (src/engine/native/addon, an N-API addon over oneDNN) when oneDNN's
// headers are installed (Debian: `apt-get install libdnnl-dev`), and carries on without it otherwise: installing
// tinyevo never fails because of the addon. Run again with `npm rebuild tinyevo` or `node scripts/build-native.js`.
// Set TINYEVO_NATIVE=off to skip the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => process.stderr.write(`tinyevo native engine: ${m}\n`);

function nodeGyp() {
  // npm runs install scripts with npm_execpath set; its own node-gyp sits beside it.
  const candidates = [process.env.npm_config_node_gyp, process.env.npm_execpath && join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  return candidates.find((c) => c && existsSync(c));
}

const headers = ['/usr/include/oneapi/dnnl/dnnl.hpp', '/usr/local/include/oneapi/dnnl/dnnl.hpp'];
if (process.env.TINYEVO_NATIVE === 'off') {
  say('skipped (TINYEVO_NATIVE=off); training uses the TF.js engine.');
} else if (!headers.some((h) => existsSync(h))) {
  say('not built: oneDNN headers not found. Training uses the TF.js wasm engine. To enable it: `apt-get install libdnnl-dev`, then `npm rebuild tinyevo` (or `node scripts/build-native.js` in a checkout).');
} else {
  const gyp = nodeGyp();
  if (!gyp) {
    say('not built: node-gyp not found (it ships with npm). Training uses the TF.js wasm engine.');
  } else {
    say('building the oneDNN addon (about a minute)...');
    // Build against the headers of the Node.js that runs this script, never a download.
    const nodedir = process.env.npm_config_nodedir ?? join(dirname(process.execPath), '..');
    const args = [gyp, 'rebuild', '--silent', ...(existsSync(join(nodedir, 'include', 'node', 'node.h')) ? [`--nodedir=${nodedir}`] : [])];
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status === 0) say('built build/Release/tinyevo_native.node.');
    else say(`build failed (exit ${r.status}); training uses the TF.js wasm engine. The compiler output above says why.`);
  }
}
