'use strict';
// A one-line fix to tslab 1.0.22, loaded before tslab by the kernelspec (`node -r`) and by the headless runner.
//
// tslab compiles the TypeScript files a cell imports into in-memory "side outputs" and serves them from its own
// require hook, which maps `import "./x"` to the file `x.js` only. A directory import, `import "./src/data"` in a
// cell or `import "../audio"` inside src (a folder with an index.ts barrel), therefore falls through to Node's
// real require, which finds no compiled index.js on disk and throws "Cannot find module '../audio'". This patch
// makes tslab try `x/index.js` among its side outputs when `x.js` is not one, like Node's own resolution.
// tslab is pinned (package.json); if its source changes, this fails loudly instead of silently not patching.
const Module = require('module');
const fs = require('fs');
const path = require('path');

const ORIGINAL = `        if (path_1.default.extname(filename) === "") {
            filename += ".js";
        }`;
const PATCHED = `        if (path_1.default.extname(filename) === "") {
            // rbm-music jupyter/tslab-patch.js: directory imports resolve to their index.js side output.
            filename = !sideOutputs.has(filename + ".js") && sideOutputs.has(filename + "/index.js") ? filename + "/index.js" : filename + ".js";
        }`;
const TARGET = path.join('tslab', 'dist', 'executor.js');

for (const id of Object.keys(require.cache)) {
  if (id.endsWith(TARGET) && !require.cache[id].exports.__rbmMusicPatched) {
    throw new Error(`jupyter/tslab-patch.js must be loaded before tslab (${id} is already loaded)`);
  }
}

const loadJs = Module._extensions['.js'];
Module._extensions['.js'] = function (module, filename) {
  if (!filename.endsWith(TARGET)) return loadJs(module, filename);
  const source = fs.readFileSync(filename, 'utf8');
  if (!source.includes(ORIGINAL)) {
    const version = JSON.parse(fs.readFileSync(path.join(path.dirname(filename), '..', 'package.json'), 'utf8')).version;
    throw new Error(`jupyter/tslab-patch.js was written for tslab 1.0.22 but ${filename} (tslab ${version}) differs; run npm ci`);
  }
  module._compile(`${source.replace(ORIGINAL, PATCHED)}\nexports.__rbmMusicPatched = true;\n`, filename);
};
