import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAudio } from '../../src/audio';
import { MeanPrecisionCRBM, MeanPrecisionRBM } from '../../src/rbm';
import { runCli } from './inProcess';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rbm-cli-mprbm-'));
const at = (f: string): string => path.join(dir, f);

const cli = runCli;

test('train --model mprbm (8 hidden by default) → generate → rank; --hidden 17 is a one-line error naming the limit', async () => {
  const model = at('mp.json');
  let r = await cli(['train', '--model', 'mprbm', '--dataset', 'synthetic', '--clips', '3', '--seconds', '2', '--epochs', '3', '-o', model]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /MeanPrecisionRBM\(128 visible → 8 hidden, 3 epochs trained\)/);
  assert.match(r.out, /held-out log-density -?\d+\.\d+ nats\/frame/);
  assert.ok((await MeanPrecisionRBM.load(model)) instanceof MeanPrecisionRBM);
  r = await cli(['generate', '-m', model, '--seconds', '2', '--seed', '1', '-o', at('g.wav')]);
  assert.equal(r.code, 0, r.err);
  const clip = await loadAudio(at('g.wav'));
  assert.ok(Math.abs(clip.channels[0].length / clip.sampleRate - 2) < 0.01);
  r = await cli(['rank', '--model', model, at('g.wav')]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /g\.wav/);
  r = await cli(['train', '--model', 'mprbm', '--dataset', 'synthetic', '--clips', '2', '--seconds', '1', '--hidden', '17', '-o', at('bad.json')]);
  assert.notEqual(r.code, 0);
  assert.match(r.err.trim(), /^rbm-music: .*nHidden must be an integer in 1 … 16/);
  assert.ok(!existsSync(at('bad.json')));
});

test('train with no --model trains the conditional mean–precision RBM; generate continues it without exploding; rank asks for a frame model', async () => {
  const model = at('default.json');
  let r = await cli(['train', '--dataset', 'synthetic', '--clips', '3', '--seconds', '3', '--epochs', '3', '-o', model]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /MeanPrecisionCRBM\(128 visible → 8 hidden, history \d+ frames, 3 epochs trained\)/);
  assert.match(r.out, /training log-density -?\d+\.\d+ nats\/frame \(each frame given its past\)/);
  const m = await MeanPrecisionCRBM.load(model);
  assert.ok(m instanceof MeanPrecisionCRBM && m.hiddenTaps.length > 1, 'a multi-scale hidden history');
  r = await cli(['generate', '-m', model, '--seconds', '3', '--seed', '2', '-o', at('d.wav')]);
  assert.equal(r.code, 0, r.err);
  const y = (await loadAudio(at('d.wav'))).channels[0];
  assert.ok(y.every(Number.isFinite) && y.some((v) => v !== 0), 'finite, not silent');
  r = await cli(['rank', '--model', model, at('d.wav')]);
  assert.notEqual(r.code, 0);
  assert.match(r.err.trim(), /^rbm-music: rankByModel needs a model with freeEnergy\(\) .*--model rbm/);
});
