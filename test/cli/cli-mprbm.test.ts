import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAudio } from '../../src/audio';
import { MeanPrecisionRBM } from '../../src/rbm';
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
