import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadDataset, openmsxTracks, DATASET_NAMES } from '../../src/data';
import { saveWav } from '../../src/audio';
import { ParameterError, RbmMusicError } from '../../src/errors';

const tmp = mkdtempSync(path.join(tmpdir(), 'rbm-data-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('openmsx: every bundled track has a title and a style; each style class has several tracks', () => {
  const tracks = openmsxTracks();
  assert.equal(tracks.length, 31);
  const count = (s: string) => tracks.filter((t) => t.style === s).length;
  assert.ok(count('blues') >= 4 && count('rock') >= 4 && count('pipes-strings') >= 4, JSON.stringify(tracks.map((t) => t.style)));
  for (const t of tracks) assert.ok(t.title.length > 0 && t.file.endsWith('.mid'));
});

test('loadDataset(openmsx): balanced styles, requested length, cache hit returns identical samples fast', async () => {
  const cacheDir = path.join(tmp, 'cache');
  const opts = { cacheDir, maxClips: 3, clipSeconds: 2, soundFont: 'TimGM6mb' };
  let t = performance.now();
  const first = await loadDataset('openmsx', opts);
  const cold = performance.now() - t;
  assert.deepEqual(first.map((c) => c.style), ['blues', 'rock', 'pipes-strings']);
  for (const c of first) {
    assert.equal(c.clip.sampleRate, 16000);
    assert.equal(c.clip.channels[0].length, 32000);
    assert.ok(c.path && c.path.startsWith(path.join(cacheDir, 'openmsx')));
  }
  assert.equal(readdirSync(path.join(cacheDir, 'openmsx')).filter((f) => f.endsWith('.wav')).length, 3);
  t = performance.now();
  const second = await loadDataset('openmsx', opts);
  const warm = performance.now() - t;
  for (let i = 0; i < 3; i++) assert.deepEqual(second[i].clip.channels[0], first[i].clip.channels[0]);
  assert.ok(warm < cold / 3 && warm < 500, `cache hit took ${warm.toFixed(0)} ms vs ${cold.toFixed(0)} ms cold`);
  // A different sample rate is a different cache entry, not a stale hit.
  const low = await loadDataset('openmsx', { ...opts, maxClips: 1, sampleRate: 8000 });
  assert.equal(low[0].clip.sampleRate, 8000);
  assert.equal(low[0].clip.channels[0].length, 16000);
});

test('loadDataset: style filter keeps only the asked styles', async () => {
  const clips = await loadDataset('openmsx', { cacheDir: path.join(tmp, 'cache'), styles: ['pipes-strings'], maxClips: 10, clipSeconds: 1, soundFont: 'TimGM6mb' });
  assert.equal(clips.length, 4); // only 4 pipes-strings tracks exist
  assert.ok(clips.every((c) => c.style === 'pipes-strings'));
});

test('loadDataset(synthetic): labelled, seeded clips', async () => {
  const a = await loadDataset('synthetic', { maxClips: 4, clipSeconds: 1, seed: 3 });
  const b = await loadDataset('synthetic', { maxClips: 4, clipSeconds: 1, seed: 3 });
  assert.deepEqual(a.map((c) => c.style), ['chords', 'arpeggio', 'chords', 'arpeggio']);
  assert.deepEqual(a.map((c) => c.clip.channels[0]), b.map((c) => c.clip.channels[0]));
});

test('loadDataset: unknown names, styles and bad numbers give ParameterError naming the argument', async () => {
  await assert.rejects(loadDataset('nottingham'), (e: Error) =>
    e instanceof ParameterError && /nottingham/.test(e.message) && DATASET_NAMES.every((n) => e.message.includes(n)));
  await assert.rejects(loadDataset('openmsx', { styles: ['polka'] }), (e: Error) => e instanceof ParameterError && /polka/.test(e.message) && /blues/.test(e.message));
  await assert.rejects(loadDataset('synthetic', { styles: ['polka'] }), (e: Error) => e instanceof ParameterError && /polka/.test(e.message));
  await assert.rejects(loadDataset('openmsx', { maxClips: 0 }), (e: Error) => e instanceof ParameterError && /maxClips=0/.test(e.message));
  await assert.rejects(loadDataset('openmsx', { clipSeconds: -1 }), (e: Error) => e instanceof ParameterError && /clipSeconds=-1/.test(e.message));
});

test('loadDataset(wesnoth): clear error with the script to run when absent; loads and cuts the WAVs when present', async () => {
  const cacheDir = path.join(tmp, 'wes');
  await assert.rejects(loadDataset('wesnoth', { cacheDir }), (e: Error) =>
    e instanceof RbmMusicError && /data-scripts\/wesnoth\.sh/.test(e.message) && e.message.includes(path.join(cacheDir, 'wesnoth')));
  mkdirSync(path.join(cacheDir, 'wesnoth'), { recursive: true });
  const tone = (hz: number) => Float32Array.from({ length: 16000 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / 16000));
  await saveWav(path.join(cacheDir, 'wesnoth', 'a.wav'), { sampleRate: 16000, channels: [tone(220)] });
  await saveWav(path.join(cacheDir, 'wesnoth', 'b.wav'), { sampleRate: 16000, channels: [tone(330)] });
  const clips = await loadDataset('wesnoth', { cacheDir, clipSeconds: 0.25, offsetSeconds: 0.5 });
  assert.deepEqual(clips.map((c) => [c.name, c.clip.channels[0].length]), [['a', 4000], ['b', 4000]]);
});
