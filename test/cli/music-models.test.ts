// `rbm-music train --model rnnrbm` and a CRBM with a long-reaching history (issue 9): each trains on a tiny
// synthetic set, saves, and `generate` (free and primed) makes audio of the asked length from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAudio, saveWav } from '../../src/audio';
import { synthesizeDataset } from '../../src/data';
import { loadMusicModel } from '../../src/generate';
import { ConditionalRBM, RNNRBM } from '../../src/rbm';
import { main } from '../../src/cli/main';

const dir = mkdtempSync(path.join(os.tmpdir(), 'rbm-cli-music-'));
const at = (f: string): string => path.join(dir, f);

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr), log: console.log };
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => { err += String(s); return true; }) as typeof process.stderr.write;
  console.log = () => {};
  try {
    return { code: await main(['node', 'rbm-music', '--quiet', ...args]), err };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    console.log = write.log;
  }
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('train --model rnnrbm and --model crbm --history multiscale save models that generate, free and primed', async () => {
  const tiny = ['--dataset', 'synthetic', '--clips', '2', '--seconds', '2', '--epochs', '1', '--hidden', '8', '--n-mels', '16'];
  let r = await cli(['train', ...tiny, '--model', 'rnnrbm', '-o', at('rnn.json')]);
  assert.equal(r.code, 0, r.err);
  assert.ok((await loadMusicModel(at('rnn.json'))) instanceof RNNRBM);
  r = await cli(['train', ...tiny, '--model', 'crbm', '--history', 'multiscale', '--history-seconds', '0.5', '-o', at('crbm.json')]);
  assert.equal(r.code, 0, r.err);
  const crbm = await loadMusicModel(at('crbm.json')) as ConditionalRBM;
  assert.ok(crbm instanceof ConditionalRBM);
  assert.equal(crbm.span, 31); // octave windows up to 16–31 frames back reach 0.5 s = 31.25 frames at 62.5 frames/s
  const [clip] = synthesizeDataset({ seed: 2, clips: 1, seconds: 2 });
  await saveWav(at('prime.wav'), clip.clip);
  for (const model of ['rnn', 'crbm']) {
    for (const extra of [[], ['--prime', at('prime.wav'), '--prime-seconds', '1']]) {
      const out = at(`${model}-${extra.length}.wav`);
      r = await cli(['generate', '-m', at(`${model}.json`), '--seconds', '2', '--seed', '1', '--n-iter', '4', '-o', out, ...extra]);
      assert.equal(r.code, 0, r.err);
      const y = (await loadAudio(out)).channels[0];
      assert.equal(y.length, 2 * 16000, `${model} ${extra.join(' ')}`);
      assert.ok(y.some((v) => v !== 0), `${model} ${extra.join(' ')} is silent`);
    }
  }
});
