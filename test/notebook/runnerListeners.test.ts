// A library that installs a rethrowing 'uncaughtException' listener (tfjs-backend-wasm does) must not let one
// stray async error kill the whole `npm start`: the error lands in a cell's stderr and the notebook goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { joinSource, type Notebook } from '../../src/workbook/nbformat';

const root = path.resolve(__dirname, '..', '..');

test('a rethrowing uncaughtException listener added by a cell is dropped; a later stray error does not stop the run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rbm-listeners-'));
  try {
    mkdirSync(path.join(dir, 'nb'));
    const cells = [
      'process.on("uncaughtException", (e) => { throw e; });   // what Emscripten modules do\nconsole.log("installed");',
      'setTimeout(() => { throw new Error("stray async error 77"); }, 10);\nawait new Promise((r) => setTimeout(r, 200));\nconsole.log("after the stray error");',
      'console.log("still running");',
    ];
    writeFileSync(path.join(dir, 'nb', '01-listeners.ipynb'), JSON.stringify({
      cells: cells.map((src, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, source: src, outputs: [], execution_count: null })),
      metadata: {}, nbformat: 4, nbformat_minor: 5,
    }));
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'run-workbook.js'), '--notebooks', path.join(dir, 'nb'), '--out', path.join(dir, 'out')],
      { cwd: root, encoding: 'utf8', timeout: 10 * 60_000 });
    assert.equal(r.status, 0, (r.stdout ?? '') + (r.stderr ?? ''));
    const nb = JSON.parse(readFileSync(path.join(dir, 'out', 'notebooks', '01-listeners.ipynb'), 'utf8')) as Notebook;
    const text = (i: number) => (nb.cells[i].outputs ?? []).map((o) => joinSource((o as { text?: string[] }).text ?? '')).join('');
    assert.match(text(1), /UncaughtException: Error: stray async error 77/);
    assert.match(text(1), /after the stray error/);
    assert.equal(text(2), 'still running\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
