import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createWavWriter, saveWav } from '../../src/audio';
import { ParameterError } from '../../src/errors';
import { atomicWriteFile, atomicWriteFileSync, ensureParentDir, removeStaleTemps } from '../../src/util/atomicWrite';

const dir = mkdtempSync(join(tmpdir(), 'rbm-atomic-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const isPathError = (target: string) => (e: unknown) => {
  assert.ok(e instanceof ParameterError, `expected ParameterError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
  assert.ok(e.message.includes(target), e.message);
  return true;
};

test('an output under a missing folder in /proc fails at once (Node 20 recursive mkdir loops forever there)', async () => {
  const target = '/proc/no-such-folder/deeper/out.wav';
  const t0 = performance.now();
  assert.throws(() => ensureParentDir(target), isPathError(target));
  assert.throws(() => atomicWriteFileSync(target, 'x'), isPathError(target));
  await assert.rejects(atomicWriteFile(target, 'x'), isPathError(target));
  await assert.rejects(saveWav(target, { sampleRate: 16000, channels: [new Float32Array(4)] }), isPathError(target));
  assert.throws(() => createWavWriter(target, { sampleRate: 16000 }), isPathError(target));
  assert.ok(performance.now() - t0 < 2000, `took ${performance.now() - t0} ms`);
});

test('missing folders are still created, several levels deep', async () => {
  const target = join(dir, 'a', 'b', 'c', 'x.txt');
  await atomicWriteFile(target, 'hello');
  assert.equal(readFileSync(target, 'utf8'), 'hello');
});

test('stale temp files of our naming from a dead process are removed on the next write; live ones and other files stay', () => {
  const target = join(dir, 'song.wav');
  // A pid that is certainly dead: a child that has exited.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  const stale = join(dir, `.song.wav.${dead}.1700000000000.tmp`);
  const live = join(dir, `.song.wav.${process.ppid}.1700000000000.tmp`); // our parent is alive
  const other = join(dir, '.song.wav.notes.tmp');
  const otherTarget = join(dir, `.other.wav.${dead}.1700000000000.tmp`);
  for (const f of [stale, live, other, otherTarget]) writeFileSync(f, 'x');
  assert.deepEqual(removeStaleTemps(target), [stale]);
  writeFileSync(stale, 'x');
  const w = createWavWriter(target, { sampleRate: 16000 }); // a killed `generate` left `stale`: this run cleans it up
  w.abort();
  assert.ok(!existsSync(stale));
  for (const f of [live, other, otherTarget]) assert.ok(existsSync(f), f);
  writeFileSync(stale, 'x');
  atomicWriteFileSync(target, 'y', { force: true });
  assert.ok(!existsSync(stale));
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('.song.wav.') && n.endsWith('.tmp')).sort(), ['.song.wav.notes.tmp', `.song.wav.${process.ppid}.1700000000000.tmp`].sort());
});
