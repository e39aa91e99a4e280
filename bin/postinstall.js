#!/usr/bin/env node
// npm runs this after installing the project's dependencies (`npm install`, `npm ci`).
//
// onnxruntime-node ships its native library for every platform it supports (Linux x64 and arm64, macOS, Windows:
// 288 MB unpacked), and only this machine's folder, bin/napi-v6/<platform>/<arch>, is ever loaded. Deleting the
// others takes node_modules from ~630 MB to ~410 MB. Copying node_modules to another OS or CPU is not supported
// anyway (zeromq, esbuild and tslab's kernel are native too): run `npm ci` there.
//
// It must never fail an install: any error is reported and ignored.
'use strict';
const fs = require('fs');
const path = require('path');

function pruneOnnxRuntime() {
  let dir;
  try {
    dir = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6');
  } catch {
    return 0; // optional dependency, not installed here
  }
  if (!fs.existsSync(path.join(dir, process.platform, process.arch))) return 0; // unknown layout: leave it alone
  let removed = 0;
  for (const platform of fs.readdirSync(dir)) {
    const folders = platform === process.platform
      ? fs.readdirSync(path.join(dir, platform)).filter((arch) => arch !== process.arch).map((arch) => path.join(dir, platform, arch))
      : [path.join(dir, platform)];
    for (const f of folders) {
      fs.rmSync(f, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

try {
  const n = pruneOnnxRuntime();
  if (n) console.log(`rbm-music: removed onnxruntime-node's native libraries for ${n} other platform(s) (only ${process.platform}/${process.arch} is used)`);
} catch (e) {
  console.warn(`rbm-music postinstall: ${e.message} (ignored)`);
}
