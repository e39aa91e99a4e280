/**
 * `rbm-music notes`: train on a few bundled songs, generate .mid + .wav (read back by midi-file and our WAV
 * loader), refuse to overwrite without --force, and one-line errors for bad flags.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMidi } from 'midi-file';
import { loadAudio } from '../../src/audio';
import { runCli } from './inProcess';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rbm-cli-notes-'));
const at = (f: string): string => path.join(dir, f);
const SONGS = 'city_blues_redfarn.mid,moo_redfarn.mid,tttheme2.mid';

const cli = runCli;

function failsWith(r: { code: number; err: string }, pattern: RegExp): void {
  assert.notEqual(r.code, 0);
  const lines = r.err.trim().split('\n').filter((l) => !l.includes('RBM backend ='));
  assert.equal(lines.length, 1, r.err);
  assert.match(lines[0], pattern);
}

test('notes train → notes generate writes a .mid and a .wav that open in standard readers', async () => {
  const model = at('crbm.json');
  let r = await cli(['notes', 'train', '--model', 'crbm', '--songs', SONGS, '--epochs', '2', '--hidden', '4', '-o', model]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /held-out 1 songs .*log-likelihood -?\d/);
  r = await cli(['notes', 'generate', '-m', model, '--steps', '48', '--seed', '2', '--prime', 'moo_redfarn', '--prime-steps', '16', '-o', at('g.mid')]);
  assert.equal(r.code, 0, r.err);
  const mid = parseMidi(readFileSync(at('g.mid')));
  assert.ok(mid.tracks.flat().some((e) => e.type === 'noteOn'));
  const clip = await loadAudio(at('g.wav'));
  assert.ok(clip.channels[0].length > clip.sampleRate, 'at least a second of audio');
  failsWith(await cli(['notes', 'generate', '-m', model, '--steps', '8', '--seed', '2', '-o', at('g.mid')]), /already exists.*--force/);
  r = await cli(['notes', 'generate', '-m', model, '--steps', '8', '--seed', '2', '--prime', 'moo_redfarn', '-o', at('g.mid'), '--force']);
  assert.equal(r.code, 0, r.err);
});

test('notes evaluate prints one table row per model and the baseline', async () => {
  const r = await cli(['notes', 'evaluate', '--songs', SONGS, '--epochs', '1', '--hidden', '2', '--models', 'rbm,crbm']);
  assert.equal(r.code, 0, r.err);
  const rows = r.out.split('\n').filter((l) => /^\| (independent|RBM|conditional)/.test(l));
  assert.equal(rows.length, 3, r.out);
  for (const row of rows) assert.match(row, /\| -\d+\.\d\d \| [01]\.\d{3} \| \d+ \|$/);
});

test('notes: bad flags give one line naming the problem', async () => {
  failsWith(await cli(['notes', 'train', '--model', 'gan', '-o', at('x.json')]), /--model gan is not a note model; valid: rbm, window, crbm, rnnrbm/);
  failsWith(await cli(['notes', 'train', '--songs', 'nope.mid', '-o', at('x.json')]), /"nope.mid" is not a bundled OpenMSX song/);
  failsWith(await cli(['notes', 'generate', '-m', at('missing.json')]), /missing.json does not exist.*notes train/);
  failsWith(await cli(['notes', 'generate', '--steps', '0', '-m', at('missing.json')]), /--steps/);
  assert.ok(!existsSync(at('x.json')));
  const help = await cli(['notes', 'generate', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Examples:/);
});
