// The real Jupyter client (Debian's jupyter-nbconvert / nbclient, installed by .ci/run) executes every
// notebook through the repository's kernelspec (jupyter/kernels/tslab, found via JUPYTER_PATH), in fast
// mode, and fails on any cell error. Nothing is skipped: without Jupyter this test fails and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { joinSource, type Notebook } from '../../src/workbook/nbformat';
import { writeCircularPackage } from './fixtures';
import { ensureDist } from '../../src/workbook/tslabInternals';

const root = path.resolve(__dirname, '..', '..');
const env = { ...process.env, JUPYTER_PATH: path.join(root, 'jupyter'), RBM_MUSIC_FAST: '1' };
const notebooks = readdirSync(path.join(root, 'notebooks')).filter((f) => f.endsWith('.ipynb')).sort();
// The kernelspec rebuilds dist/ (what the notebooks import) when src/ changed; do it here first, so a rebuild on a
// loaded machine does not count against Jupyter's 60 s kernel start-up timeout.
ensureDist();

function jupyter(args: string[], cwd = root) {
  const r = spawnSync('jupyter', args, { cwd, env, encoding: 'utf8', timeout: 15 * 60_000, maxBuffer: 256 * 1024 * 1024 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('`jupyter` is not on PATH: this test needs the real Jupyter client ' +
      '(CI: apt-get install jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel, as .ci/run does)');
  }
  return { code: r.status, stdout: r.stdout ?? '', out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** `jupyter nbconvert --execute`; with allowErrors the executed notebook is written even when a cell fails. */
function execute(file: string, outDir: string, allowErrors = false) {
  return jupyter(['nbconvert', '--to', 'notebook', '--execute', '--ExecutePreprocessor.kernel_name=tslab',
    '--ExecutePreprocessor.timeout=900', ...(allowErrors ? ['--allow-errors'] : []), `--output-dir=${outDir}`, file]);
}

/** tslab reports an empty error to Jupyter and puts the real text on the cell's stderr: collect it. */
function cellErrors(nb: Notebook): string[] {
  return nb.cells.flatMap((c, i) => {
    const outs = c.outputs ?? [];
    if (!outs.some((o) => o.output_type === 'error')) return [];
    const stderr = outs.filter((o) => o.output_type === 'stream' && o.name === 'stderr').map((o) => joinSource((o as { text: string[] }).text)).join('');
    return [`cell ${i + 1}: ${stderr.trim() || '(no stderr)'}`];
  });
}

test('Jupyter finds the repo kernelspec through JUPYTER_PATH', () => {
  const r = jupyter(['kernelspec', 'list', '--json']);
  assert.equal(r.code, 0, r.out);
  const specs = JSON.parse(r.stdout) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[]; display_name: string } }> };
  const tslab = specs.kernelspecs.tslab;
  assert.ok(tslab, `no tslab kernel in ${Object.keys(specs.kernelspecs)}`);
  assert.equal(path.resolve(tslab.resource_dir), path.join(root, 'jupyter', 'kernels', 'tslab'));
  assert.equal(tslab.spec.display_name, 'TypeScript (rbm-music)');
  assert.match(tslab.spec.argv.join(' '), /node -r \.\/jupyter\/tslab-patch\.js node_modules\/tslab\/bin\/tslab kernel/);
});

test('the real Jupyter client executes every notebook with the repo kernel (fast mode)', async (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'rbm-jupyter-'));
  try {
    for (const file of notebooks) {
      await t.test(file, () => {
        const r = execute(path.join(root, 'notebooks', file), out, true);
        assert.equal(r.code, 0, `jupyter nbconvert --execute ${file} failed:\n${r.out.slice(-6000)}`);
        const nb = JSON.parse(readFileSync(path.join(out, file), 'utf8')) as Notebook;
        assert.deepEqual(cellErrors(nb), [], `${file}: cells failed under the real Jupyter client`);
        const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
        assert.ok(outputs.some((o) => o.output_type === 'display_data' && 'text/html' in o.data), `${file}: no HTML display output`);
      });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the real Jupyter client fails on a broken cell, with tslab\'s error text in the cell output', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rbm-jupyter-broken-'));
  try {
    const file = path.join(dir, 'broken.ipynb');
    writeFileSync(file, JSON.stringify({
      cells: [{ cell_type: 'code', id: 'c1', metadata: {}, outputs: [], execution_count: null, source: 'throw new Error("jupyter boom 7");' }],
      metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript (rbm-music)', language: 'typescript' } }, nbformat: 4, nbformat_minor: 5,
    }));
    const r = execute(file, dir);
    assert.notEqual(r.code, 0, 'nbconvert must fail');
    assert.match(r.out, /CellExecutionError|Error/);
    assert.match(r.out, /jupyter boom 7/, 'the real message appears (tslab puts it on stderr; nbclient echoes the outputs)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the real kernel (with jupyter/tslab-patch.js) resolves directory barrels, circular imports and import-require', () => {
  const dir = mkdtempSync(path.join(root, '.tmp-circular-jupyter-'));
  try {
    writeCircularPackage(dir);
    const file = path.join(dir, 'circular.ipynb');
    writeFileSync(file, JSON.stringify({
      cells: [{ cell_type: 'code', id: 'c1', metadata: {}, outputs: [], execution_count: null,
        source: `import { ping, pong } from "./${path.relative(root, dir)}/lib";\nconsole.log(ping(2), pong(4));` }],
      metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript (rbm-music)', language: 'typescript' } }, nbformat: 4, nbformat_minor: 5,
    }));
    const out = path.join(dir, 'out');
    const r = execute(file, out, true);
    assert.equal(r.code, 0, r.out);
    const nb = JSON.parse(readFileSync(path.join(out, 'circular.ipynb'), 'utf8')) as Notebook;
    assert.deepEqual(cellErrors(nb), []);
    assert.deepEqual(nb.cells[0].outputs?.map((o) => o.output_type === 'stream' && joinSource(o.text)), ['ping pong\n']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
