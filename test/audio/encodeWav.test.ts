import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveFile } from 'wavefile';
import { decodeWav, encodeWav, loadAudio, saveWav, toDataUri } from '../../src/audio';
import { FileExistsError, ParameterError } from '../../src/errors';
import type { AudioClip } from '../../src/types';
import { maxAbsDiff, noise } from './wavBuilder';

const clipOf = (channels: Float32Array[], sampleRate = 16000): AudioClip => ({ sampleRate, channels });

test('encodeWav output is read by wavefile (an independent decoder) with the expected format and integers', () => {
  const y = Float32Array.of(-1, -0.5, 0, 0.25, 0.999, 1);
  const q = (full: number): number => Math.round(y[4] * full); // y[4] is float32(0.999)
  const cases = [
    { bitDepth: 16 as const, code: '16', tag: 1, want: [-32768, -16384, 0, 8192, q(32768), 32767] },
    { bitDepth: 24 as const, code: '24', tag: 1, want: [-8388608, -4194304, 0, 2097152, q(8388608), 8388607] },
    { bitDepth: '32f' as const, code: '32f', tag: 3, want: Array.from(y) },
  ];
  for (const { bitDepth, code, tag, want } of cases) {
    const w = new WaveFile(encodeWav(clipOf([y], 22050), { bitDepth }));
    assert.equal(w.bitDepth, code);
    assert.equal((w.fmt as { audioFormat: number }).audioFormat, tag);
    assert.equal((w.fmt as { sampleRate: number }).sampleRate, 22050);
    const got = Array.from(w.getSamples() as unknown as Float64Array);
    assert.deepEqual(got, want, `bitDepth ${bitDepth}`);
  }
});

test('every bitDepth round-trips through decodeWav within its quantisation step, multichannel, default 16', () => {
  const y = noise(11, 3, 1001); // odd frame count: 24-bit data needs a pad byte
  for (const [bitDepth, step] of [[16, 1 / 32768], [24, 1 / 8388608], ['32f', 0]] as const) {
    const bytes = encodeWav(clipOf(y, 44100), { bitDepth });
    assert.equal(bytes.length % 2, 0, 'RIFF files have even length');
    const back = decodeWav(bytes);
    assert.equal(back.sampleRate, 44100);
    for (let c = 0; c < 3; c++) assert.ok(maxAbsDiff(back.channels[c], y[c]) <= step / 2 + 1e-7, `${bitDepth} ch${c}`);
  }
  assert.deepEqual(encodeWav(clipOf(y)), encodeWav(clipOf(y), { bitDepth: 16 }));
});

test('out-of-range samples saturate at ±full scale instead of wrapping around', () => {
  const back = decodeWav(encodeWav(clipOf([Float32Array.of(1.5, -3, 2, -1.0001)])));
  assert.deepEqual(Array.from(back.channels[0]), [32767 / 32768, -1, 32767 / 32768, -1]);
  const f = decodeWav(encodeWav(clipOf([Float32Array.of(1.5, -3)]), { bitDepth: '32f' }));
  assert.deepEqual(Array.from(f.channels[0]), [1, -1]);
});

test('encodeWav rejects NaN, empty or ragged clips, fractional rates and unknown bit depths with ParameterError', () => {
  const bad: Array<[() => unknown, RegExp]> = [
    [() => encodeWav(clipOf([Float32Array.of(0, Number.NaN)])), /clip\.channels\[0\]\[1\] is NaN/],
    [() => encodeWav(clipOf([new Float32Array(0)])), /empty/],
    [() => encodeWav(clipOf([new Float32Array(3), new Float32Array(4)])), /channels\[1\] has 4 samples but channels\[0\] has 3/],
    [() => encodeWav(clipOf([new Float32Array(3)], 22050.5)), /whole number of Hz/],
    [() => encodeWav(clipOf([new Float32Array(3)]), { bitDepth: 8 as 16 }), /bitDepth is 8; valid: 16, 24 or '32f'/],
  ];
  for (const [fn, re] of bad) assert.throws(fn, (e: unknown) => e instanceof ParameterError && re.test(e.message));
});

test('saveWav writes a readable file, refuses to overwrite, overwrites with force, leaves no temp files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rbm-save-'));
  const path = join(dir, 'sub', 'out.wav');
  const a = clipOf(noise(1, 1, 500));
  await saveWav(path, a);
  assert.ok(maxAbsDiff((await loadAudio(path)).channels[0], a.channels[0]) <= 1 / 65536 + 1e-7);
  const before = readFileSync(path);
  await assert.rejects(saveWav(path, clipOf(noise(2, 1, 500))), (e: unknown) => e instanceof FileExistsError && e.message.includes(path));
  assert.deepEqual(readFileSync(path), before, 'refused write must leave the file untouched');
  await saveWav(path, clipOf(noise(2, 1, 500)), { force: true, bitDepth: 24 });
  assert.equal((await loadAudio(path)).channels[0].length, 500);
  assert.notDeepEqual(readFileSync(path), before);
  assert.deepEqual(readdirSync(join(dir, 'sub')), ['out.wav']);
});

test('saveWav is all-or-nothing: a clip that cannot be encoded leaves an existing file intact even with force', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rbm-save-'));
  const path = join(dir, 'keep.wav');
  writeFileSync(path, 'original');
  await assert.rejects(saveWav(path, clipOf([Float32Array.of(Number.NaN)]), { force: true }), ParameterError);
  assert.equal(readFileSync(path, 'utf8'), 'original');
  assert.deepEqual(readdirSync(dir), ['keep.wav']);
  await assert.rejects(saveWav(join(dir, 'new.wav'), clipOf([new Float32Array(0)])), ParameterError);
  assert.ok(!existsSync(join(dir, 'new.wav')));
});

test('toDataUri gives a data:audio/wav;base64 URI that decodes back to the clip', () => {
  const clip = clipOf(noise(4, 2, 300), 8000);
  const uri = toDataUri(clip);
  assert.match(uri, /^data:audio\/wav;base64,[A-Za-z0-9+/]+=*$/);
  const bytes = Buffer.from(uri.slice('data:audio/wav;base64,'.length), 'base64');
  assert.deepEqual(new Uint8Array(bytes), encodeWav(clip));
  const back = decodeWav(bytes);
  for (let c = 0; c < 2; c++) assert.ok(maxAbsDiff(back.channels[c], clip.channels[c]) <= 1 / 65536 + 1e-7);
  const f = decodeWav(Buffer.from(toDataUri(clip, { bitDepth: '32f' }).split(',')[1], 'base64'));
  assert.deepEqual(f.channels, clip.channels);
});
