import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAudio } from '../../src/audio';
import { MeanPrecisionRBM } from '../../src/rbm';
import { main } from '../../src/cli/main';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rbm-cli-mprbm-'));
const at = (f: string): string => path.join(dir, f);

/** Runs the CLI's main() in this process, capturing what it prints. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const keep = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr), log: console.log };
  process.stdout.write = ((s: string | Uint8Array) => { out += String(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { err += String(s); return true; }) as typeof process.stderr.write;
  console.log = (...a: unknown[]) => { out += a.join(' ') + '\n'; };
  try {
    return { code: await main(['node', 'rbm-music', '--quiet', ...args]), out, err };
  } finally {
    process.stdout.write = keep.out; process.stderr.write = keep.err; console.log = keep.log;
  }
}

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
