#!/usr/bin/env node
// Compiles src/ into dist/ (CommonJS JavaScript + declaration files): the surface the notebooks import
// (`import { RBM } from "./dist/rbm"`).
//
// Why: tslab type-checks every TypeScript file a cell imports, and every declaration file those pull in. A first
// cell importing ./src took ~3.5 s on a quiet machine and 9–14 s (up to 70 s) under load, almost all of it tslab
// parsing and checking src and tfjs-core's ~430 declaration files. Importing dist/ hands tslab declarations only,
// which it does not check (skipLibCheck); the learner's own cells are still fully type-checked against them.
//
// The declarations are rewritten in one way: the `tf` namespace they mention for tensor types (`tf.Tensor2D`) comes
// from tfjs-core's tensor module alone (the Tensor classes, 3 files) instead of its index, and side-effect imports
// of tfjs packages (backend registration) are dropped. Same declarations, so the types are identical; the notebook
// surface simply does not re-export the tfjs ops (import @tensorflow/tfjs-core for those). test/notebook/dist.test.ts checks that the surface type-checks and stays small.
//
// Freshness: ensureDist() fingerprints src/ (each file's path, size and modification time) and rebuilds only when
// that differs from the last build's, so edits to src/ show up at the next kernel start (the kernelspec calls this
// first), `npm start` and the tests. An up-to-date check costs a few milliseconds; a rebuild ~10–20 s of CPU.
//
//   node bin/build-dist.js           build if src/ changed (prints what it did)
//   node bin/build-dist.js --force   rebuild from scratch
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const NARROW_TENSOR_MODULE = '@tensorflow/tfjs-core/dist/tensor';
/** Files besides src/ whose change means a rebuild. */
const INPUTS = ['tsconfig.json', 'tsconfig.dist.json', 'package.json', 'bin/build-dist.js'];

function listFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Fingerprint of everything the build reads, and the list of src files (to notice deletions). */
function fingerprint(root) {
  const src = listFiles(path.join(root, 'src')).map((f) => path.relative(root, f)).sort();
  const hash = crypto.createHash('sha1');
  for (const rel of [...src, ...INPUTS]) {
    const st = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
    hash.update(`${rel}\t${st ? `${st.size}\t${st.mtimeMs}` : 'missing'}\n`);
  }
  return { hash: hash.digest('hex'), src };
}

function readStamp(dist) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dist, '.fingerprint.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** Whether dist/ was built from the current src/. */
function isFresh(root) {
  const stamp = readStamp(path.join(root, 'dist'));
  return !!stamp && stamp.hash === fingerprint(root).hash;
}

/** The rewrite of one emitted declaration file described at the top of this file. */
function narrowTensorTypes(text) {
  const narrow = `import type * as tf from '${NARROW_TENSOR_MODULE}';`;
  return text
    .replace(/^import (?:type )?\{ tf \} from '[^']*backend';$/gm, narrow)
    .replace(/^import (?:type )?\* as tf from '@tensorflow\/tfjs-core';$/gm, narrow)
    .replace(/^export \{ tf \};$/gm, '')
    .replace(/^import '@tensorflow\/[^']+';$/gm, '') // side-effect imports (backend registration) carry no types
    .replace(/import\("@tensorflow\/tfjs-core"\)/g, `import("${NARROW_TENSOR_MODULE}")`);
}

function build(root, log) {
  const dist = path.join(root, 'dist');
  const t0 = Date.now();
  const now = fingerprint(root);
  const old = readStamp(dist);
  // A deleted or renamed src file would leave its old output behind (and importable): start clean then.
  if (!old || old.src.some((f) => !now.src.includes(f))) fs.rmSync(dist, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.dist.json')], { cwd: root, encoding: 'utf8' });
  if (r.error || (r.status !== 0 && r.status !== 2) || !fs.existsSync(path.join(dist, 'index.js'))) {
    throw new Error(`bin/build-dist.js: tsc failed (exit ${r.status}): ${r.error?.message ?? ''}${r.stdout}${r.stderr}`);
  }
  // Exit 2 = type errors, output still written: report them (e.g. a half-finished edit in src) and go on.
  if (r.status === 2) log(`rbm-music: src/ has type errors (dist/ was written anyway):\n${r.stdout.trim()}`);
  for (const rel of now.src) {
    const from = path.join(root, rel);
    const to = path.join(dist, path.relative('src', rel));
    if (rel.endsWith('.d.ts') || !rel.endsWith('.ts')) {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
  for (const f of listFiles(dist).filter((f) => f.endsWith('.d.ts'))) {
    const text = fs.readFileSync(f, 'utf8');
    const narrowed = narrowTensorTypes(text);
    if (narrowed !== text) fs.writeFileSync(f, narrowed);
  }
  fs.writeFileSync(path.join(dist, '.fingerprint.json'), JSON.stringify(now));
  log(`rbm-music: compiled src/ → dist/ in ${((Date.now() - t0) / 1000).toFixed(1)} s (the notebooks import dist/)`);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds dist/ when src/ changed since the last build; returns whether it built. Safe to call from several
 * processes at once (a lock folder serialises them; the ones that waited find dist/ fresh).
 * @param {string} root the repository root
 * @param {{ log?: (line: string) => void, force?: boolean }} [opts]
 */
function ensureDist(root, opts = {}) {
  const log = opts.log ?? ((line) => process.stderr.write(line + '\n'));
  if (!opts.force && isFresh(root)) return false;
  const lock = path.join(root, '.tmp-dist-lock');
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock older than 10 minutes belongs to a build that died.
      const st = fs.statSync(lock, { throwIfNoEntry: false });
      if (st && Date.now() - st.mtimeMs > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`bin/build-dist.js: ${lock} is held by another build for too long`);
      sleep(200);
    }
  }
  try {
    if (!opts.force && isFresh(root)) return false;
    if (opts.force) fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    build(root, log);
    return true;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

module.exports = { ensureDist, isFresh, narrowTensorTypes };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  try {
    if (!ensureDist(root, { force: process.argv.includes('--force'), log: (l) => console.log(l) })) console.log('rbm-music: dist/ is up to date with src/');
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
