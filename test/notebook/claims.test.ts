// Claims: a claim shows ✓/✗ with its numbers and a machine-readable copy; `npm start` reads the copies back
// from the executed notebook and fails a notebook whose claim does not hold, naming the claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureDisplays, claim, CLAIM_MIME, checkAnswer, EXERCISE_MIME } from '../../src/notebook';
import { claimsOf, exerciseVerdictsOf } from '../../src/workbook/outputsOf';
import type { Notebook } from '../../src/workbook/nbformat';

const root = path.resolve(__dirname, '..', '..');

test('claim: ✓ or ✗ with the numbers, and the record the runner reads', async () => {
  const saved = process.env.RBM_MUSIC_FAST;
  try {
    delete process.env.RBM_MUSIC_FAST;
    const outs = await captureDisplays(() => {
      claim('hot is brighter', 1617 > 1485, { hot: 1617, cold: 1485 });
      claim('hot is noisier', 0.284 > 0.297, { hot: 0.284, cold: 0.297 });
    });
    assert.equal(outs[0].data['text/plain'], '✓ Claim: hot is brighter (hot = 1617, cold = 1485)');
    assert.match(String(outs[1].data['text/plain']), /^✗ Claim: hot is noisier .*do not support/);
    assert.deepEqual(outs[1].data[CLAIM_MIME], { statement: 'hot is noisier', holds: false, numbers: { hot: 0.284, cold: 0.297 }, checked: true });
    process.env.RBM_MUSIC_FAST = '1';
    const [fast] = await captureDisplays(() => claim('only at full size', false, {}, { defaultsOnly: true }));
    assert.equal((fast.data[CLAIM_MIME] as { checked: boolean }).checked, false, 'not checked in fast mode');
    assert.match(String(fast.data['text/plain']), /^… Claim: only at full size .*not checked in fast mode/);
    const [ex] = await captureDisplays(() => checkAnswer('Ex', 3, 3));
    assert.deepEqual(ex.data[EXERCISE_MIME], { label: 'Ex', result: 'correct' });
  } finally {
    if (saved === undefined) delete process.env.RBM_MUSIC_FAST; else process.env.RBM_MUSIC_FAST = saved;
  }
});

test('npm start fails a notebook whose claim does not hold and names it; claims and verdicts read back from the executed notebook', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rbm-claims-'));
  try {
    mkdirSync(path.join(dir, 'nb'));
    const cells = [
      'import { claim, checkAnswer } from "./src/notebook";',
      'const a = 2, b = 3;\nclaim("b exceeds a", b > a, { a: a, b: b });\nclaim("a exceeds b", a > b, { a: a, b: b });\ncheckAnswer("Ex 1", a + 1, b);',
    ];
    writeFileSync(path.join(dir, 'nb', '01-claims.ipynb'), JSON.stringify({
      cells: cells.map((src, i) => ({ cell_type: 'code', id: `c${i}`, metadata: {}, source: src, outputs: [], execution_count: null })),
      metadata: {}, nbformat: 4, nbformat_minor: 5,
    }));
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'run-workbook.js'), '--notebooks', path.join(dir, 'nb'), '--out', path.join(dir, 'out')],
      { cwd: root, encoding: 'utf8', timeout: 10 * 60_000 }); // tslab type-checks src on import: slow under load
    const out = (r.stdout ?? '') + (r.stderr ?? '');
    assert.equal(r.status, 1, out);
    assert.match(out, /✗ 01-claims\.ipynb: 1 of 2 claim\(s\) do not hold:\n\s+a exceeds b \{"a":2,"b":3\}/);
    const nb = JSON.parse(readFileSync(path.join(dir, 'out', 'notebooks', '01-claims.ipynb'), 'utf8')) as Notebook;
    assert.deepEqual(claimsOf(nb).map((c) => [c.statement, c.holds]), [['b exceeds a', true], ['a exceeds b', false]]);
    assert.deepEqual(exerciseVerdictsOf(nb), [{ label: 'Ex 1', result: 'correct' }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
