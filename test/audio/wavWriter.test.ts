import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveFile } from 'wavefile';
import { createWavWriter, decodeWav, encodeWav } from '../../src/audio';
import { FileExistsError, ParameterError } from '../../src/errors';
import { noise, sine } from './wavBuilder';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'rbm-writer-'));

test('streamed chunks give the same bytes as encodeWav of the whole clip (16, 24 with pad byte, 32f with fact)', async () => {
  for (const bitDepth of [16, 24, '32f'] as const) {
    const dir = tmp();
    const path = join(dir, `s${bitDepth}.wav`);
    const [l, r] = noise(8, 2, 1001);
    const w = createWavWriter(path, { sampleRate: 22050, channels: 2, bitDepth });
    for (const [a, b] of [[0, 1], [1, 400], [400, 400], [400, 1001]]) w.write([l.subarray(a, b), r.subarray(a, b)]);
    assert.equal(w.frames, 1001);
    assert.ok(!existsSync(path), 'target must not exist before close');
    await w.close();
    const bytes = readFileSync(path);
    assert.deepEqual(new Uint8Array(bytes), encodeWav({ sampleRate: 22050, channels: [l, r] }, { bitDepth }));
    const clip = decodeWav(bytes, { fileName: path });
    assert.equal(clip.channels[0].length, 1001);
    // wavefile, an independent reader, agrees on the header.
    const wf = new WaveFile(bytes);
    assert.equal((wf.fmt as { numChannels: number }).numChannels, 2);
    assert.equal((wf.data as { chunkSize: number }).chunkSize, 1001 * 2 * (bitDepth === 24 ? 3 : bitDepth === 16 ? 2 : 4));
    if (bitDepth === '32f') assert.equal((wf.fact as { dwSampleLength: number }).dwSampleLength, 1001);
    assert.deepEqual(readdirSync(dir), [`s${bitDepth}.wav`]);
  }
});

test('a 3-minute mono stream written in 1-second blocks decodes to the generated tone', async () => {
  const path = join(tmp(), 'long.wav');
  const sr = 16000;
  const w = createWavWriter(path, { sampleRate: sr });
  const block = sine(440, sr, sr, 0.5); // 440 Hz has a whole number of periods per second
  for (let s = 0; s < 180; s++) w.write(block);
  await w.close();
  assert.equal(statSync(path).size, 44 + 180 * sr * 2);
  const y = decodeWav(readFileSync(path)).channels[0];
  assert.equal(y.length, 180 * sr);
  for (const i of [0, 12345, 1_000_000, 180 * sr - 1]) assert.ok(Math.abs(y[i] - block[i % sr]) <= 1 / 65536 + 1e-7);
});

test('never overwrites silently: FileExistsError at open, or at close if the file appeared meanwhile; force replaces', async () => {
  const dir = tmp();
  const path = join(dir, 'x.wav');
  writeFileSync(path, 'keep me');
  assert.throws(() => createWavWriter(path, { sampleRate: 8000 }), (e: unknown) => e instanceof FileExistsError && e.message.includes(path));
  const other = join(dir, 'y.wav');
  const w = createWavWriter(other, { sampleRate: 8000 });
  w.write(new Float32Array(10));
  writeFileSync(other, 'arrived meanwhile');
  await assert.rejects(w.close(), FileExistsError);
  assert.equal(readFileSync(other, 'utf8'), 'arrived meanwhile');
  const f = createWavWriter(path, { sampleRate: 8000, force: true });
  f.write(new Float32Array(10));
  await f.close();
  assert.equal(decodeWav(readFileSync(path)).channels[0].length, 10);
  assert.deepEqual(readdirSync(dir).sort(), ['x.wav', 'y.wav']);
});

test('abort leaves no file; close with no samples saves nothing; writes after close and bad chunks are ParameterErrors', async () => {
  const dir = tmp();
  const a = createWavWriter(join(dir, 'a.wav'), { sampleRate: 8000 });
  a.write(new Float32Array(100));
  a.abort();
  a.abort();
  assert.deepEqual(readdirSync(dir), []);
  assert.throws(() => a.write(new Float32Array(1)), (e: unknown) => e instanceof ParameterError && /already closed/.test(e.message));
  const b = createWavWriter(join(dir, 'b.wav'), { sampleRate: 8000 });
  await assert.rejects(b.close(), (e: unknown) => e instanceof ParameterError && /no samples were written/.test(e.message));
  assert.deepEqual(readdirSync(dir), []);
  const c = createWavWriter(join(dir, 'c.wav'), { sampleRate: 8000, channels: 2 });
  assert.throws(() => c.write(new Float32Array(4)), (e: unknown) => e instanceof ParameterError && /2 Float32Array channels/.test(e.message));
  assert.throws(() => c.write([new Float32Array(4), new Float32Array(3)]), (e: unknown) => e instanceof ParameterError && /same length/.test(e.message));
  assert.throws(() => c.write([Float32Array.of(Number.NaN), new Float32Array(1)]), (e: unknown) => e instanceof ParameterError && /samples\[0\]\[0\] is NaN/.test(e.message));
  c.write([new Float32Array(0), new Float32Array(0)]); // empty chunk: no-op
  c.write([Float32Array.of(0.5), Float32Array.of(-0.5)]);
  await c.close();
  assert.deepEqual(decodeWav(readFileSync(join(dir, 'c.wav'))).channels.map((y) => Array.from(y)), [[0.5], [-0.5]]);
  assert.throws(() => createWavWriter(join(dir, 'd.wav'), { sampleRate: 0 }), (e: unknown) => e instanceof ParameterError && /sampleRate is 0/.test(e.message));
  assert.throws(() => createWavWriter(join(dir, 'd.wav'), { sampleRate: 8000, channels: 0 }), (e: unknown) => e instanceof ParameterError && /channels is 0/.test(e.message));
  assert.throws(() => createWavWriter(join(dir, 'd.wav'), { sampleRate: 8000, bitDepth: 12 as 16 }), ParameterError);
  assert.deepEqual(readdirSync(dir), ['c.wav']);
});
