// tslab type-checks and compiles every src file a notebook imports with its OWN TypeScript (5.0.4, module
// ESNext, lib es2022, not strict). Code that passes our tsc can still fail there (e.g. `import x = require()`),
// and then every notebook cell importing it fails. This checks the public entry points the notebooks use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnosticsOf } from './tslabDiagnostics';

test('tslab compiles the display helpers (src/notebook) used by every notebook', () => {
  assert.deepEqual(diagnosticsOf('import * as nb from "./src/notebook";\nnb.showMarkdown;'), []);
});

test('tslab compiles the whole public API (src/index.ts) that notebook cells import', () => {
  const diags = diagnosticsOf('import * as lib from "./src";\nlib.ParameterError;');
  assert.deepEqual(diags, [], `src does not compile under tslab's TypeScript 5.0.4:\n${diags.join('\n')}`);
});
