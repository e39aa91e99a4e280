import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AudioFormatError, ParameterError } from '../../src/errors';
import { checkMemory, DEFAULT_MEMORY_LIMIT_BYTES, formatBytes, memoryLimitBytes, MEMORY_LIMIT_ENV, rbmTrainingBytes } from '../../src/util/memoryBudget';

function withLimit<T>(value: string | undefined, f: () => T): T {
  const saved = process.env[MEMORY_LIMIT_ENV];
  if (value === undefined) delete process.env[MEMORY_LIMIT_ENV]; else process.env[MEMORY_LIMIT_ENV] = value;
  try { return f(); } finally { if (saved === undefined) delete process.env[MEMORY_LIMIT_ENV]; else process.env[MEMORY_LIMIT_ENV] = saved; }
}

test('the limit: 2 GiB by default, RBM_MUSIC_MEMORY_LIMIT in bytes or K/M/G, a bad value is a ParameterError naming the variable', () => {
  assert.equal(withLimit(undefined, memoryLimitBytes), DEFAULT_MEMORY_LIMIT_BYTES);
  assert.equal(DEFAULT_MEMORY_LIMIT_BYTES, 2 ** 31);
  assert.equal(withLimit('8G', memoryLimitBytes), 8 * 2 ** 30);
  assert.equal(withLimit('512M', memoryLimitBytes), 512 * 2 ** 20);
  assert.equal(withLimit('1.5k', memoryLimitBytes), 1536);
  assert.equal(withLimit('12345', memoryLimitBytes), 12345);
  for (const bad of ['lots', '-1G', '0']) {
    assert.throws(() => withLimit(bad, memoryLimitBytes), (e: unknown) => e instanceof ParameterError && e.message.includes(MEMORY_LIMIT_ENV) && e.message.includes(JSON.stringify(bad)));
  }
});

test('checkMemory: passes within the limit; beyond it (or NaN/Infinity) throws the chosen class naming the request and the limit', () => {
  withLimit('1M', () => {
    checkMemory(2 ** 20, 'exactly the limit');
    assert.throws(() => checkMemory(2 ** 20 + 1, '--n-mels 1000000: the mel filterbank', { hint: 'use fewer mel bands' }), (e: unknown) =>
      e instanceof ParameterError && e.message === `--n-mels 1000000: the mel filterbank needs 1 MiB, more than the 1 MiB memory limit; use fewer mel bands (the limit is set by ${MEMORY_LIMIT_ENV})`);
    assert.throws(() => checkMemory(3e9, 'x.wav: decoding', { error: AudioFormatError }), (e: unknown) => e instanceof AudioFormatError && /^x\.wav: decoding needs 2\.79 GiB/.test(e.message));
    for (const bad of [Number.NaN, Infinity]) assert.throws(() => checkMemory(bad, 'odd'), ParameterError);
  });
});

test('formatBytes and rbmTrainingBytes give the sizes the messages quote', () => {
  assert.equal(formatBytes(800), '800 bytes');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(3 * 2 ** 30), '3 GiB');
  assert.equal(formatBytes(3260 * 2 ** 40), '3,260 TiB');
  // 4 copies of a 128 × 256 float32 matrix plus 6 batch-sized activation arrays of 64 × (128 + 256) float32.
  assert.equal(rbmTrainingBytes(128, 256), 4 * 4 * 128 * 256 + 6 * 4 * 64 * 384);
  assert.ok(rbmTrainingBytes(128, 1e12) > DEFAULT_MEMORY_LIMIT_BYTES);
});
