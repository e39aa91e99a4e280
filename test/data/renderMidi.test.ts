import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderMidi, OPENMSX_DIR } from '../../src/data';
import { AudioFormatError, ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import { medianFrameFlatness, peakOf, rmsOf } from './spectrum';

const midi = (name: string) => readFileSync(path.join(OPENMSX_DIR, `${name}.mid`));

test('renderMidi: 3 s of City Blues at 16 kHz is exactly 3 s, loud, peak-normalised to −1 dBFS and tonal', async () => {
  const clip = await renderMidi(midi('city_blues_redfarn'), { seconds: 3 });
  assert.equal(clip.sampleRate, 16000);
  assert.equal(clip.channels.length, 1);
  const y = clip.channels[0];
  assert.equal(y.length, 48000);
  assert.ok(Math.abs(peakOf(y) - 10 ** (-1 / 20)) < 1e-4, `peak ${peakOf(y)}`);
  assert.ok(rmsOf(y) > 0.05, `rms ${rmsOf(y)} (music, not near-silence)`);
  // Reference: seeded white noise at the same RMS has per-frame flatness ≈ 0.56; notes with harmonics are far
  // peakier (measured 0.03 here; drum-heavy tracks reach ~0.05), so 0.15 × noise leaves a wide margin.
  const noise = new Random(1).fillNormal(new Float32Array(y.length), 0, rmsOf(y));
  const fNoise = medianFrameFlatness(noise), fMusic = medianFrameFlatness(y);
  assert.ok(fNoise > 0.4, `noise flatness ${fNoise}`);
  assert.ok(fMusic < 0.15 * fNoise, `music flatness ${fMusic} vs noise ${fNoise}`);
});

test('renderMidi: deterministic, and offsetSeconds selects a different part of the song', async () => {
  const a = await renderMidi(midi('wood_whistles'), { seconds: 1, soundFont: 'TimGM6mb' });
  const b = await renderMidi(midi('wood_whistles'), { seconds: 1, soundFont: 'TimGM6mb' });
  const c = await renderMidi(midi('wood_whistles'), { seconds: 1, soundFont: 'TimGM6mb', offsetSeconds: 20 });
  assert.deepEqual(a.channels[0], b.channels[0]);
  assert.notDeepEqual(a.channels[0], c.channels[0]);
  assert.equal(c.channels[0].length, 16000);
});

test('renderMidi: without seconds renders the whole song (ends trimmed), at the requested sample rate', async () => {
  // train_filled_with_cash: 70 s of MIDI time, the shortest-but-one file; TimGM6mb keeps this test fast.
  const clip = await renderMidi(midi('train_filled_with_cash'), { soundFont: 'TimGM6mb', sampleRate: 8000 });
  const seconds = clip.channels[0].length / clip.sampleRate;
  assert.equal(clip.sampleRate, 8000);
  assert.ok(seconds > 60 && seconds < 73, `whole song is ${seconds} s`);
});

test('renderMidi: bad input gives typed errors naming the problem', async () => {
  await assert.rejects(renderMidi(new Uint8Array([1, 2, 3]), { name: 'tiny.mid' }), (e: Error) =>
    e instanceof AudioFormatError && /tiny\.mid/.test(e.message) && /MThd/.test(e.message));
  const junk = new Uint8Array(200).fill(7);
  await assert.rejects(renderMidi(junk, { name: 'junk.mid' }), (e: Error) => e instanceof AudioFormatError && /junk\.mid/.test(e.message));
  await assert.rejects(renderMidi(midi('moo_redfarn'), { soundFont: 'NoSuchFont' }), (e: Error) =>
    e instanceof ParameterError && /NoSuchFont/.test(e.message) && /FluidR3Mono/.test(e.message));
  await assert.rejects(renderMidi(midi('moo_redfarn'), { seconds: 0 }), (e: Error) => e instanceof ParameterError && /seconds=0/.test(e.message));
  await assert.rejects(renderMidi(midi('moo_redfarn'), { offsetSeconds: 10_000, name: 'moo' }), (e: Error) =>
    e instanceof AudioFormatError && /past the end/.test(e.message));
});
