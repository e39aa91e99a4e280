import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAudio } from '../../src/audio';
import { initBackend, RBM } from '../../src/rbm';
import { runCli } from './inProcess';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'rbm-cli-gen-'));
const at = (f: string): string => path.join(dir, f);

/** Runs the installed `rbm-music` script in a child process (how users run it). */
function bin(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/rbm-music.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const cli = runCli;

/** One line on stderr naming the problem, and the exit code. */
function failsWith(r: { code: number; err: string }, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, r.err);
  const lines = r.err.trim().split('\n').filter((l) => !l.includes('RBM backend ='));
  assert.equal(lines.length, 1, r.err);
  assert.match(lines[0], pattern);
}

test('the installed script prints help and trains with the default engine', () => {
  let r = bin(['generate', '--help']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /--loop/);
  r = bin(['train', '--dataset', 'synthetic', '--clips', '2', '--seconds', '1', '--epochs', '1', '--hidden', '8', '-o', at('bin.json')]);
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(at('bin.json')));
});

test('--help on train, generate, rank and sweep', async () => {
  for (const cmd of ['train', 'generate', 'rank', 'sweep']) {
    const r = await cli([cmd, '--help']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`Usage: rbm-music ${cmd}`));
    assert.match(r.out, /Examples:/);
  }
});

test('train → generate (style, loop) → rank, with one-line errors for bad input and no silent overwrites', async () => {
  await initBackend({ backend: 'wasm', log: () => {} });
  const model = at('styles.json');
  // --model rbm: `rank` below needs a frame model (the CLI's default is a temporal model: the conditional mean–precision RBM).
  const train = ['train', '--model', 'rbm', '--dataset', 'synthetic', '--clips', '4', '--seconds', '2', '--epochs', '2', '--hidden', '16', '--styles', '-o', model];
  let r = await cli(train);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /styles: arpeggio, chords/);
  assert.ok(existsSync(model));
  failsWith(await cli(train), 1, /styles\.json already exists; pass --force to overwrite it/);
  assert.equal((await cli([...train, '--force'])).code, 0);

  r = await cli(['generate', '-m', model, '--seconds', '2', '--style', 'chords', '-o', at('music/a.wav')]);
  assert.equal(r.code, 0, r.err);
  assert.equal((await loadAudio(at('music/a.wav'))).channels[0].length, 2 * 16000);
  failsWith(await cli(['generate', '-m', model, '--seconds', '2', '-o', at('music/a.wav')]), 1, /a\.wav already exists; pass --force/);
  assert.equal((await cli(['generate', '-m', model, '--seconds', '3', '--loop', '--crossfade', '0.5', '-o', at('music/b.wav')])).code, 0);
  failsWith(await cli(['generate', '-m', model, '--seconds', 'abc']), 2, /--seconds must be a positive number, got "abc"/);
  failsWith(await cli(['generate', '-m', at('missing.json')]), 1, /model file .*missing\.json does not exist; train one/);
  failsWith(await cli(['generate', '-m', model, '--style', 'jazz', '-o', at('x.wav')]), 1, /style 'jazz' is not one of the model's styles: arpeggio, chords/);
  // A plain RBM (no saved feature pipeline) cannot be turned into sound: the mismatch is named, not crashed on.
  await new RBM({ nVisible: 10, nHidden: 4, visible: 'gaussian' }).save(at('plain.json'));
  failsWith(await cli(['generate', '-m', at('plain.json'), '-o', at('y.wav')]), 1, /plain\.json has no rbm-music feature metadata/);

  r = await cli(['rank', '-m', model, at('music'), '--json']);
  assert.equal(r.code, 0, r.err);
  const ranked = JSON.parse(r.out) as { name: string; score: number }[];
  assert.equal(ranked.length, 2);
  assert.ok(ranked[0].score >= ranked[1].score);
  failsWith(await cli(['rank', '-m', model, at('nothing-here')]), 1, /nothing-here does not exist/);

  // "More like my collection": train on a folder of the user's audio, then generate from it.
  r = await cli(['train', at('music'), '--epochs', '1', '--hidden', '8', '-o', at('mine.json')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /on 2 clips/);
  assert.equal((await cli(['generate', '-m', at('mine.json'), '--seconds', '1', '-o', at('mine.wav')])).code, 0);
  assert.ok(existsSync(at('mine.wav')));
});

test('sweep from the CLI runs its trials on worker threads, writes JSON/CSV/chart, resumes on request', async () => {
  const out = at('sweeps/s.json');
  const args = ['sweep', '--dataset', 'synthetic', '--clips', '2', '--seconds', '2', '--epochs', '2', '--grid', 'learningRate=0.001,0.005;nHidden=8', '--workers', '2', '-o', out];
  let r = bin(args);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /2 trials on \d+ frames × 128 \(2 clips\), 2 workers/);
  assert.match(r.out, /best: #\d/);
  for (const f of [out, at('sweeps/s.csv'), at('sweeps/s.chart.json')]) assert.ok(existsSync(f), f);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).trials.length, 2);
  assert.match(JSON.parse(readFileSync(at('sweeps/s.chart.json'), 'utf8')).$schema, /vega-lite/);
  failsWith(await cli(args), 1, /s\.json already exists; pass --resume to continue that sweep or --force to start over/);
  r = await cli([...args, '--resume']);
  assert.equal(r.code, 0, r.err);
  failsWith(await cli(['sweep', '--grid', 'learningRate']), 1, /--grid part "learningRate" must look like name=value1,value2/);
});
