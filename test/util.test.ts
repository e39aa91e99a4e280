import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../src/util/random';
import { matrix, takeRows, transpose, assertMatrix } from '../src/util/matrix';
import { ParameterError } from '../src/errors';

test('Random: same seed gives the same stream, different seeds differ', () => {
  const a = new Random(42), b = new Random(42), c = new Random(43);
  const sa = Array.from({ length: 5 }, () => a.next());
  const sb = Array.from({ length: 5 }, () => b.next());
  const sc = Array.from({ length: 5 }, () => c.next());
  assert.deepEqual(sa, sb);
  assert.notDeepEqual(sa, sc);
});

test('Random: uniform mean and normal moments are right (n = 200k)', () => {
  const r = new Random(1);
  const n = 200_000;
  let s = 0, s1 = 0, s2 = 0;
  for (let i = 0; i < n; i++) s += r.next();
  for (let i = 0; i < n; i++) { const x = r.normal(); s1 += x; s2 += x * x; }
  assert.ok(Math.abs(s / n - 0.5) < 0.005, `uniform mean ${s / n}`);
  assert.ok(Math.abs(s1 / n) < 0.01, `normal mean ${s1 / n}`);
  assert.ok(Math.abs(s2 / n - 1) < 0.02, `normal variance ${s2 / n}`);
});

test('matrix helpers: takeRows and transpose', () => {
  const m = matrix(3, 2, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(takeRows(m, [2, 0]).data), [5, 6, 1, 2]);
  const t = transpose(m);
  assert.equal(t.rows, 2);
  assert.deepEqual(Array.from(t.data), [1, 3, 5, 2, 4, 6]);
  assert.throws(() => matrix(2, 2, [1, 2, 3]), ParameterError);
  assert.throws(() => assertMatrix(matrix(1, 2, [1, NaN]), 'X'), /X contains a non-finite value/);
});
