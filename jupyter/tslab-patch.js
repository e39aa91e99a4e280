'use strict';
// Small fixes to tslab 1.0.22's module loader, loaded before tslab by the kernelspec (`node -r`) and by the
// headless runner (`npm start`), so both run notebooks the same way; and, in a kernel, the dist/ rebuild (4, at the end).
//
// tslab compiles the TypeScript files a cell imports into in-memory "side outputs" and serves them from its own
// require hook (dist/executor.js, requireFromSideOutputs):
// 1. It maps `import "./x"` to the side output `x.js` only. A directory import, `import "./src/data"` in a cell
//    or `import "../audio"` inside src (a folder with an index.ts barrel), falls through to Node's real require,
//    which finds no compiled index.js on disk: "Cannot find module '../audio'". Fixed: try `x/index.js` too,
//    like Node's own resolution.
// 2. It caches a side module only AFTER running it, so two src files that import each other recurse until
//    "Maximum call stack size exceeded". Fixed: cache before running (and forget on failure), as Node does, so
//    a circular import sees the partly filled exports.
// 3. Its converter compiles with `module: ESNext`, where TypeScript rejects `import X = require("m")` (TS1202)
//    and would drop it from the output, although our CommonJS tsc accepts it. Fixed: when the converter reads a
//    .ts source file, such a line becomes `import X from "m"`, which means the same thing for a CommonJS module
//    under tslab's esModuleInterop (default = module.exports).
// tslab is pinned (package.json); if its source differs, this fails loudly instead of silently not patching.
const Module = require('module');
const fs = require('fs');
const path = require('path');

const PATCHES = [
  {
    original: `        if (path_1.default.extname(filename) === "") {
            filename += ".js";
        }`,
    patched: `        if (path_1.default.extname(filename) === "") {
            // rbm-music jupyter/tslab-patch.js (1): directory imports resolve to their index.js side output.
            filename = !sideOutputs.has(filename + ".js") && sideOutputs.has(filename + "/index.js") ? filename + "/index.js" : filename + ".js";
        }`,
  },
  {
    original: `        mod._compile(sideOutputs.get(filename), filename);
        sideModules.set(filename, mod);`,
    patched: `        // rbm-music jupyter/tslab-patch.js (2): cache before running so circular imports terminate.
        sideModules.set(filename, mod);
        try {
            mod._compile(sideOutputs.get(filename), filename);
        }
        catch (e) {
            sideModules.delete(filename);
            throw e;
        }`,
  },
  {
    original: `    async function execute(src) {
        const meta = (0, metadata_1.getCodeMetadata)(src);`,
    patched: `    async function execute(src) {
        // rbm-music jupyter/tslab-patch.js (4): the first cell waits for the dist/ rebuild started below.
        if (globalThis.__rbmMusicDistReady) await globalThis.__rbmMusicDistReady;
        const meta = (0, metadata_1.getCodeMetadata)(src);`,
  },
];
const CONVERTER_PATCHES = [
  {
    original: `        return ts.sys.readFile(forwardTslabPath(cwd, path), encoding);
    };`,
    patched: `        // rbm-music jupyter/tslab-patch.js (3): \`import X = require("m")\` → \`import X from "m"\` in .ts sources.
        const text = ts.sys.readFile(forwardTslabPath(cwd, path), encoding);
        return text !== undefined && /\\.tsx?$/.test(path) && !path.endsWith(".d.ts")
            ? text.replace(/^(\\s*)import\\s+([A-Za-z_$][\\w$]*)\\s*=\\s*require\\(\\s*(['"][^'"]+['"])\\s*\\);/gm, "$1import $2 from $3;")
            : text;
    };`,
  },
];
const TARGETS = { [path.join('tslab', 'dist', 'executor.js')]: PATCHES, [path.join('tslab', 'dist', 'converter.js')]: CONVERTER_PATCHES };

for (const id of Object.keys(require.cache)) {
  if (Object.keys(TARGETS).some((t) => id.endsWith(t)) && !require.cache[id].exports.__rbmMusicPatched) {
    throw new Error(`jupyter/tslab-patch.js must be loaded before tslab (${id} is already loaded)`);
  }
}

const loadJs = Module._extensions['.js'];
Module._extensions['.js'] = function (module, filename) {
  const target = Object.keys(TARGETS).find((t) => filename.endsWith(t));
  if (!target) return loadJs(module, filename);
  let source = fs.readFileSync(filename, 'utf8');
  for (const { original, patched } of TARGETS[target]) {
    if (!source.includes(original)) {
      const version = JSON.parse(fs.readFileSync(path.join(path.dirname(filename), '..', 'package.json'), 'utf8')).version;
      throw new Error(`jupyter/tslab-patch.js was written for tslab 1.0.22 but ${filename} (tslab ${version}) differs; run npm ci`);
    }
    source = source.replace(original, patched);
  }
  module._compile(`${source}\nexports.__rbmMusicPatched = true;\n`, filename);
};

// 4. In a kernel (`tslab kernel`, as the kernelspec starts it), the notebooks import dist/: src/ compiled by
//    bin/build-dist.js. If src/ changed since the last build, rebuild it in a child process while the kernel starts,
//    and let the first cell wait for it (patch 4 above): building before starting the kernel would count against
//    Jupyter's kernel start-up timeout (60 s), which a rebuild on a busy machine can exceed.
if (process.argv.includes('kernel')) {
  const root = path.resolve(__dirname, '..');
  const build = path.join(root, 'bin', 'build-dist.js');
  if (fs.existsSync(build) && !require(build).isFresh(root)) {
    globalThis.__rbmMusicDistReady = new Promise((resolve) => {
      const child = require('child_process').spawn(process.execPath, [build], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('exit', resolve);
      child.on('error', resolve);
    });
  }
}
