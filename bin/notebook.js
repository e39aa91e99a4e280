#!/usr/bin/env node
// `npm run notebook`: open the workbook in Jupyter with this repository's tslab kernelspec.
// JUPYTER_PATH points at ./jupyter, so the "TypeScript (rbm-music)" kernel is found without installing
// anything into your home directory; the kernel starts tslab from ./node_modules with the repository
// root as its working directory, so notebook cells can `import { ... } from "./dist"` (src/ compiled).
// Extra arguments are passed to Jupyter (e.g. `npm run notebook -- --no-browser --port 8899`).
'use strict';
const { spawnSync, spawn } = require('child_process');
const path = require('path');
const fs = require('fs');

const root = path.resolve(__dirname, '..');
// JUPYTER_PATH finds the repo kernelspec; JUPYTER_RUNTIME_DIR keeps connection files and the cookie secret in
// the repository (.tmp-jupyter/ is git-ignored) instead of ~/.local/share/jupyter/runtime.
const env = {
  ...process.env,
  JUPYTER_PATH: [path.join(root, 'jupyter'), process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter),
  JUPYTER_RUNTIME_DIR: process.env.JUPYTER_RUNTIME_DIR || path.join(root, '.tmp-jupyter', 'runtime'),
};

const HOW_TO_GET_JUPYTER = `
Jupyter was not found. The notebooks need a Jupyter frontend (the TypeScript kernel itself is tslab,
already installed by npm). Install one of:

  Debian/Ubuntu:  sudo apt-get install jupyter-notebook          (classic Notebook)
  pip:            python3 -m pip install --user notebook          (or: jupyterlab)
  VS Code:        install the "Jupyter" extension, open notebooks/*.ipynb and pick the kernel
                  "TypeScript (rbm-music)" (start VS Code with JUPYTER_PATH=${path.join(root, 'jupyter')})

No Jupyter at all? \`npm start\` runs every notebook headless and writes an HTML site to out/.
`;

if (!fs.existsSync(path.join(root, 'node_modules', 'tslab', 'bin', 'tslab'))) {
  console.error('tslab is not installed in node_modules: run `npm install` first.');
  process.exit(1);
}
// The notebooks import dist/ (src/ compiled, see bin/build-dist.js); the kernel also rebuilds it at each start.
require('./build-dist.js').ensureDist(root, { log: (line) => console.log(line) });

/** The first Jupyter frontend that is installed: JupyterLab, then Notebook 7 / classic Notebook. */
function findFrontend() {
  for (const sub of ['lab', 'notebook']) {
    const probe = spawnSync('jupyter', [sub, '--version'], { env, encoding: 'utf8' });
    if (probe.status === 0) return sub;
  }
  return null;
}

const sub = findFrontend();
if (!sub) {
  console.error(HOW_TO_GET_JUPYTER);
  process.exit(1);
}
console.log(`Starting jupyter ${sub} in ${path.join(root, 'notebooks')} with JUPYTER_PATH=${path.join(root, 'jupyter')}`);
console.log('Pick the kernel "TypeScript (rbm-music)" if asked. Ctrl-C stops the server.');
// Jupyter refuses to run as root without --allow-root (containers, CI boxes); pass it for root only.
const rootFlag = typeof process.getuid === 'function' && process.getuid() === 0 ? ['--allow-root'] : [];
const child = spawn('jupyter', [sub, `--notebook-dir=${path.join(root, 'notebooks')}`, ...rootFlag, ...process.argv.slice(2)], { env, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
process.on('SIGINT', () => child.kill('SIGINT'));
