import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadAudioFolder } from '../../src/data';
import { saveWav } from '../../src/audio';
import { AudioFormatError, ParameterError } from '../../src/errors';

const tmp = mkdtempSync(path.join(tmpdir(), 'rbm-folder-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const tone = (sr: number, seconds: number, hz: number) => Float32Array.from({ length: Math.round(sr * seconds) }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / sr));

test('loadAudioFolder: recursive, sorted, resampled to mono 16 kHz, style = first sub-folder', async () => {
  const root = path.join(tmp, 'music');
  mkdirSync(path.join(root, 'jazz'), { recursive: true });
  mkdirSync(path.join(root, 'folk', 'live'), { recursive: true });
  await saveWav(path.join(root, 'top.wav'), { sampleRate: 16000, channels: [tone(16000, 0.5, 440)] });
  await saveWav(path.join(root, 'jazz', 'b.wav'), { sampleRate: 22050, channels: [tone(22050, 1, 220), tone(22050, 1, 330)] });
  await saveWav(path.join(root, 'folk', 'live', 'a.WAV'), { sampleRate: 8000, channels: [tone(8000, 0.25, 200)] });
  writeFileSync(path.join(root, 'notes.txt'), 'not audio');
  const clips = await loadAudioFolder(root);
  assert.deepEqual(clips.map((c) => [c.name, c.style]), [['folk/live/a', 'folk'], ['jazz/b', 'jazz'], ['top', undefined]]);
  for (const c of clips) { assert.equal(c.clip.sampleRate, 16000); assert.equal(c.clip.channels.length, 1); }
  assert.ok(Math.abs(clips[1].clip.channels[0].length - 16000) <= 2);
  assert.ok(Math.abs(clips[0].clip.channels[0].length - 4000) <= 2);
  const flat = await loadAudioFolder(root, { recursive: false, sampleRate: 8000 });
  assert.deepEqual(flat.map((c) => c.name), ['top']);
  assert.equal(flat[0].clip.channels[0].length, 4000);
});

test('loadAudioFolder: missing folder, empty folder and undecodable files give typed errors naming the path', async () => {
  await assert.rejects(loadAudioFolder(path.join(tmp, 'nope')), (e: Error) => e instanceof ParameterError && /nope/.test(e.message));
  mkdirSync(path.join(tmp, 'empty'));
  await assert.rejects(loadAudioFolder(path.join(tmp, 'empty')), (e: Error) => e instanceof ParameterError && /no .*wav/.test(e.message));
  mkdirSync(path.join(tmp, 'bad'));
  writeFileSync(path.join(tmp, 'bad', 'broken.wav'), 'RIFF');
  await assert.rejects(loadAudioFolder(path.join(tmp, 'bad')), (e: Error) => e instanceof AudioFormatError && /broken\.wav/.test(e.message));
});

test('loadAudioFolder: a link to an audio file counts as the file; links to folders (a loop here) and dangling links are skipped', async () => {
  const root = path.join(tmp, 'links'), store = path.join(tmp, 'store');
  mkdirSync(root, { recursive: true }); mkdirSync(store, { recursive: true });
  await saveWav(path.join(store, 'song.wav'), { sampleRate: 16000, channels: [tone(16000, 0.5, 440)] });
  symlinkSync(path.join(store, 'song.wav'), path.join(root, 'linked.wav'));
  symlinkSync(root, path.join(root, 'loop'));
  symlinkSync(path.join(store, 'gone.wav'), path.join(root, 'dangling.wav'));
  const clips = await loadAudioFolder(root);
  assert.deepEqual(clips.map((c) => c.name), ['linked']);
  assert.ok(Math.abs(clips[0].clip.channels[0].length - 8000) <= 2);
});
