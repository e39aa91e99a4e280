/**
 * The shape of src/ (issue 14), checked on the import graph that madge builds from the sources (type-only imports
 * included: `import type` ties files together for a reader as much as a value import does):
 * - no import cycles anywhere in src/;
 * - stages point one way: a stage imports only itself and earlier stages of STAGE_ORDER;
 * - inside src/rbm the parts point one way (RBM_PARTS): models/ imports no training, evaluation or storage code,
 *   and a model file's only npm import is TensorFlow.js.
 * Each failure lists the offending imports as `from → to`. A last test checks the same at run time: loading a
 * model file loads no training, evaluation or storage module, and loading the stage plugs fit/save/load in.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

/** The part of madge's API we use (the package ships no type declarations). */
interface MadgeResult {
  /** Each file (relative to the scanned folder) → the files and npm entry points it imports. */
  obj(): Record<string, string[]>;
  /** Each cycle as the list of files along it. */
  circular(): string[][];
}
const madge = require('madge') as (dir: string, config: Record<string, unknown>) => Promise<MadgeResult>;

const SRC = path.join(__dirname, '..', 'src');

/**
 * The stages of src/ in pipeline order, as README's "The library, stage by stage" describes them; a stage may import
 * itself and any stage before it, never a later one. Stages on one line have no order between them and may not
 * import each other. `index` (src/index.ts, the public API) re-exports the stages; the CLI is an application of it.
 */
const STAGE_ORDER: readonly (readonly string[])[] = [
  ['types', 'errors'],
  ['util'],
  ['audio'],
  ['features', 'data'],
  ['symbolic'],
  ['rbm'],
  ['generate'],
  ['notebook'],
  ['sweep'],
  ['workbook'],
  ['index'],
  ['cli'],
];

/**
 * Inside src/rbm: which parts each part may import. `shared` is the files at the top of src/rbm (types.ts,
 * backend.ts, draws.ts, onnx/): the vocabulary of all parts, so it imports none of them. src/rbm/index.ts may
 * import everything (it assembles the stage).
 */
const RBM_PARTS: Record<string, readonly string[]> = {
  shared: ['shared'],
  models: ['models', 'shared'],
  storage: ['storage', 'models', 'shared'],
  training: ['training', 'models', 'storage', 'shared'],
  evaluation: ['evaluation', 'models', 'shared'],
};

/** The npm packages a model file may import: the maths is written against tfjs (its core) and nothing else. */
const MODEL_PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-core'];

const isNpm = (f: string) => f.includes('node_modules/');

/** The stage of a file path relative to src/ ('rbm/models/RBM.ts' → 'rbm', 'errors.ts' → 'errors'). */
function stageOf(file: string): string {
  const [first] = file.split('/');
  return file.includes('/') ? first : first.replace(/\.ts$/, '');
}

/** The part of a file inside src/rbm ('rbm/training/fit.ts' → 'training', 'rbm/backend.ts' → 'shared'). */
function rbmPartOf(file: string): string {
  const second = file.split('/')[1];
  if (file === 'rbm/index.ts') return 'index';
  return second in RBM_PARTS && file.split('/').length > 2 ? second : 'shared';
}

/** The npm package an entry point belongs to ('../node_modules/@tensorflow/tfjs/dist/index.js' → '@tensorflow/tfjs'). */
function packageOf(entry: string): string {
  const parts = entry.slice(entry.lastIndexOf('node_modules/') + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Every import edge of `graph` that breaks the stage order or the rbm part rules, as readable lines. */
function ruleViolations(graph: Record<string, string[]>): string[] {
  const rank = new Map<string, number>();
  STAGE_ORDER.forEach((group, i) => group.forEach((s) => rank.set(s, i)));
  const out: string[] = [];
  for (const [from, deps] of Object.entries(graph)) {
    if (isNpm(from)) continue;
    const a = stageOf(from);
    if (!rank.has(a)) out.push(`${from}: stage '${a}' is not in STAGE_ORDER (test/architecture.test.ts): add it where it belongs`);
    for (const to of deps) {
      if (isNpm(to)) {
        if (from.startsWith('rbm/models/') && !MODEL_PACKAGES.includes(packageOf(to))) {
          out.push(`${from} → ${packageOf(to)}: a model file imports only ${MODEL_PACKAGES.join(', ')} from npm`);
        }
        continue;
      }
      const b = stageOf(to);
      if (a !== b && rank.has(a) && rank.has(b) && rank.get(b)! >= rank.get(a)!) {
        out.push(`${from} → ${to}: stage '${a}' may not import '${b}', which is ${rank.get(b) === rank.get(a) ? 'unordered beside' : 'later than'} it`);
      }
      if (a === 'rbm' && b === 'rbm') {
        const p = rbmPartOf(from), q = rbmPartOf(to);
        if (p !== 'index' && !RBM_PARTS[p].includes(q)) {
          out.push(`${from} → ${to}: src/rbm/${p === 'shared' ? '(top level)' : p + '/'} may import only ${RBM_PARTS[p].join(', ')}, not ${q}`);
        }
      }
    }
  }
  return out;
}

/** madge over `dir` with our settings: TypeScript, type-only imports included, npm entry points listed. */
function scan(dir: string): Promise<MadgeResult> {
  return madge(dir, { fileExtensions: ['ts'], includeNpm: true, detectiveOptions: { ts: { skipTypeImports: false } } });
}

const srcGraph = scan(SRC);

test('src/ has no import cycles (madge, type-only imports included)', async () => {
  const cycles = (await srcGraph).circular();
  assert.deepEqual(cycles.map((c) => [...c, c[0]].join(' → ')), [], 'import cycles in src/ (each listed from → … → back)');
});

test('src/ stages import only earlier stages, and inside src/rbm models never import training, evaluation or storage', async () => {
  const graph = (await srcGraph).obj();
  assert.ok(Object.keys(graph).includes('rbm/models/RBM.ts') && Object.keys(graph).length > 100, 'madge saw the sources');
  const violations = ruleViolations(graph);
  assert.deepEqual(violations, [], `imports against the layering:\n  ${violations.join('\n  ')}`);
});

test('the checks catch what they are meant to: a two-file cycle, a backward stage import and a model importing training', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rbm-arch-'));
  try {
    writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    writeFileSync(path.join(dir, 'b.ts'), "import type { a } from './a';\nexport const b = 1;\nexport type A = typeof a;\n");
    assert.deepEqual((await scan(dir)).circular(), [['a.ts', 'b.ts']], 'a type-only back edge still makes a cycle');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(ruleViolations({
    'audio/x.ts': ['rbm/index.ts', 'util/matrix.ts'],
    'rbm/models/M.ts': ['rbm/training/fit.ts', 'rbm/types.ts', '../node_modules/onnxruntime-node/dist/index.js', '../node_modules/@tensorflow/tfjs/dist/index.js'],
    'rbm/evaluation/e.ts': ['rbm/models/M.ts', 'rbm/storage/f.ts'],
    'rbm/training/t.ts': ['rbm/models/M.ts', 'rbm/storage/f.ts', 'rbm/draws.ts'],
    'rbm/backend.ts': ['rbm/models/M.ts'],
    'features/f.ts': ['data/d.ts'],
    'newstage/n.ts': [],
  }), [
    "audio/x.ts → rbm/index.ts: stage 'audio' may not import 'rbm', which is later than it",
    'rbm/models/M.ts → rbm/training/fit.ts: src/rbm/models/ may import only models, shared, not training',
    'rbm/models/M.ts → onnxruntime-node: a model file imports only @tensorflow/tfjs, @tensorflow/tfjs-core from npm',
    'rbm/evaluation/e.ts → rbm/storage/f.ts: src/rbm/evaluation/ may import only evaluation, models, shared, not storage',
    'rbm/backend.ts → rbm/models/M.ts: src/rbm/(top level) may import only shared, not models',
    "features/f.ts → data/d.ts: stage 'features' may not import 'data', which is unordered beside it",
    "newstage/n.ts: stage 'newstage' is not in STAGE_ORDER (test/architecture.test.ts): add it where it belongs",
  ]);
});

test('loading a model file runs no training, evaluation or storage code; loading the stage plugs fit/save/load in', async () => {
  // This file imports nothing from src/ at the top, so the model files are loaded here for the first time.
  const rbmPart = /src[\\/]rbm[\\/](training|evaluation|storage)[\\/]/;
  const { RBM } = require('../src/rbm/models/RBM') as typeof import('../src/rbm/models/RBM');
  const { ConditionalRBM } = require('../src/rbm/models/ConditionalRBM') as typeof import('../src/rbm/models/ConditionalRBM');
  assert.deepEqual(Object.keys(require.cache).filter((f) => rbmPart.test(f)), [], 'modules loaded with the model files');
  const data = { rows: 4, cols: 2, data: Float32Array.from([0, 1, 1, 0, 1, 1, 0, 0]) };
  const rbm = new RBM({ nVisible: 2, nHidden: 2, seed: 1 });
  assert.throws(() => rbm.fit(data, { epochs: 1 }), { name: 'RbmMusicError', message: /^RBM\.fit: the code behind it \(src\/rbm\/training\/fit\.ts\) is not loaded; import the model from the stage/ });
  assert.throws(() => ConditionalRBM.load('x.rbm'), /ConditionalRBM\.load: .*storage\/crbmFile\.ts/);
  const stage = require('../src/rbm') as typeof import('../src/rbm');
  assert.equal(stage.RBM, RBM, 'the stage exports the same class');
  assert.ok(Object.keys(require.cache).some((f) => rbmPart.test(f)), 'the probe sees training modules once they are loaded');
  await stage.initBackend({ backend: 'cpu', log: () => {} });
  const history = await rbm.fit(data, { epochs: 2, batchSize: 2, backend: 'cpu' });
  assert.equal(history.epochs.length, 2);
  assert.equal(rbm.epochsTrained, 2);
});
