// The notebooks import dist/ (src compiled to JavaScript + declarations by bin/build-dist.js) so that tslab reads
// declarations instead of type-checking src and all of tfjs-core on the first cell. These check, with tslab's own
// converter (TypeScript 5.0.4, as in a live kernel), that the surface still type-checks learners' cells for real
// (a wrong argument to a library function is still an error) and that it stays a small set of declaration files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { ensureDist } from '../../src/workbook/tslabInternals';
import { diagnosticsOf, root } from './tslabDiagnostics';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { isFresh, narrowTensorTypes } = require('../../bin/build-dist.js') as {
  isFresh(root: string): boolean;
  narrowTensorTypes(text: string): string;
};
const STAGES = readdirSync(path.join(root, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);

test('dist/ is built from the current src/ (what the kernelspec and the runner do before the first cell)', () => {
  ensureDist();
  assert.ok(isFresh(root), 'dist/ is stale right after ensureDist()');
});

test('every stage of dist/ type-checks in a tslab cell', () => {
  ensureDist();
  const cell = STAGES.map((s, i) => `import * as m${i} from "./dist/${s}";`).join('\n') + `\nconsole.log(${STAGES.map((_, i) => `m${i}`).join(', ')});`;
  assert.deepEqual(diagnosticsOf(cell), []);
});

test('a type error in a learner\'s cell is still reported against the dist/ declarations', () => {
  ensureDist();
  const ok = diagnosticsOf('import { RBM } from "./dist/rbm";\nconst rbm = new RBM({ nVisible: 4, nHidden: 3, seed: 1 });\nconst n: number = rbm.nHidden;');
  assert.deepEqual(ok, []);
  const wrongOption = diagnosticsOf('import { RBM } from "./dist/rbm";\nconst rbm = new RBM({ nVisible: "four", nHidden: 3 });');
  assert.equal(wrongOption.length, 1, wrongOption.join('\n'));
  assert.match(wrongOption[0], /<cell>:2 .*'string' is not assignable to type 'number'/);
  const wrongMember = diagnosticsOf('import { stft } from "./dist/features";\nconst x: string = stft;');
  assert.match(wrongMember.join('\n'), /is not assignable to type 'string'/);
});

test('the surface reads tfjs-core\'s tensor declarations only, not its ~430-file index', () => {
  ensureDist();
  // The program tslab builds for a cell importing every stage, with tslab's compiler options that matter here.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ts = require('@tslab/typescript-for-tslab') as typeof import('typescript');
  const cellFile = path.join(root, '__dist_probe__.ts');
  const host = ts.createCompilerHost({});
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => (f === cellFile ? STAGES.map((s) => `export * as ${s} from "./dist/${s}";`).join('\n') : readFile(f));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => f === cellFile || fileExists(f);
  const program = ts.createProgram([cellFile], {
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.NodeJs, target: ts.ScriptTarget.ES2022,
    esModuleInterop: true, skipLibCheck: true, resolveJsonModule: true, types: ['node'], noEmit: true,
  }, host);
  const tfjs = program.getSourceFiles().map((f) => f.fileName).filter((f) => f.includes('@tensorflow'));
  assert.ok(tfjs.length > 0 && tfjs.length <= 5, `tfjs declaration files read: ${tfjs.length}\n${tfjs.slice(0, 20).join('\n')}`);
  assert.ok(tfjs.every((f) => /tfjs-core\/dist\/(tensor|tensor_info|types)\.d\.ts$/.test(f)), tfjs.join('\n'));
});

test('narrowTensorTypes rewrites only the tf namespace imports and backend side-effect imports', () => {
  const dts = [
    "import { tf } from '../backend';",
    "import type { tf } from './backend';",
    "import * as tf from '@tensorflow/tfjs-core';",
    "import '@tensorflow/tfjs-backend-cpu';",
    "import { Random } from '../util';",
    'export declare function f(t: import("@tensorflow/tfjs-core").Tensor): tf.Tensor2D;',
    'export { tf };',
  ].join('\n');
  assert.equal(narrowTensorTypes(dts), [
    "import type * as tf from '@tensorflow/tfjs-core/dist/tensor';",
    "import type * as tf from '@tensorflow/tfjs-core/dist/tensor';",
    "import type * as tf from '@tensorflow/tfjs-core/dist/tensor';",
    '',
    "import { Random } from '../util';",
    'export declare function f(t: import("@tensorflow/tfjs-core/dist/tensor").Tensor): tf.Tensor2D;',
    '',
  ].join('\n'));
});
