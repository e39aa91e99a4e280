/**
 * Bad input to the `rbm-music` command: each case must end with one line `rbm-music: <reason>` naming the
 * file or flag, a non-zero exit, and no file lost. Run in-process through `main` (same code the binary runs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { saveWav } from '../../src/audio';
import { main } from '../../src/cli';

const tmp = mkdtempSync(path.join(tmpdir(), 'rbm-cli-bad-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]) {
  const chunks: string[] = [];
  const [err, out] = [process.stderr.write, process.stdout.write];
  process.stderr.write = ((c: string) => { chunks.push(String(c)); return true; }) as typeof process.stderr.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return { code: await main(['node', 'rbm-music', '--quiet', ...args]), stderr: chunks.join('') };
  } finally {
    [process.stderr.write, process.stdout.write] = [err, out];
  }
}

function assertOneLineError(r: { code: number; stderr: string }, pattern: RegExp): void {
  assert.notEqual(r.code, 0);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `stderr: ${r.stderr}`);
  assert.match(lines[0], /^rbm-music: /);
  assert.doesNotMatch(lines[0], /internal error/);
  assert.match(lines[0], pattern);
}

async function tone(file: string, seconds = 0.5, amplitude = 0.3): Promise<Buffer> {
  const y = Float32Array.from({ length: Math.round(seconds * 16000) }, (_, i) => amplitude * Math.sin((2 * Math.PI * 440 * i) / 16000));
  await saveWav(file, { sampleRate: 16000, channels: [y] });
  return readFileSync(file);
}

test('an output path equal to an input is refused even with --force, and the input is left intact', async () => {
  const wav = path.join(tmp, 'song.wav');
  const before = await tone(wav);
  assertOneLineError(await run('features', wav, '-o', wav, '--force', '--no-image'), /--out .*song\.wav is also an input.*even with --force/);
  const folder = path.join(tmp, 'music');
  const inFolder = path.join(folder, 'a.wav');
  await tone(inFolder);
  assertOneLineError(await run('train', folder, '-o', inFolder, '--force', '--epochs', '1', '--hidden', '4'), /--out .*a\.wav is also an input/);
  const model = path.join(tmp, 'model.json');
  writeFileSync(model, 'stand-in model');
  assertOneLineError(await run('generate', '-m', model, '-o', model, '--force'), /--out .*model\.json is also an input/);
  assertOneLineError(await run('generate', '-m', model, '--prime', wav, '-o', wav, '--force'), /--out .*song\.wav is also an input/);
  assert.deepEqual(readFileSync(wav), before);
  assert.equal(readFileSync(model, 'utf8'), 'stand-in model');
});

test('an output path under a file (not a folder) is a one-line error naming it, not an internal EEXIST', async () => {
  const wav = path.join(tmp, 'clip.wav');
  await tone(wav);
  assertOneLineError(await run('features', wav, '-o', path.join(wav, 'x.features'), '--no-image'), /cannot write .*clip\.wav\/x\.features: a parent of it is a file/);
});

test('generate --seconds beyond what a WAV file can hold fails at once, naming the limit', async () => {
  const folder = path.join(tmp, 'tiny');
  await tone(path.join(folder, 'a.wav'), 1);
  const model = path.join(tmp, 'tiny.json');
  assert.equal((await run('train', folder, '-o', model, '--epochs', '1', '--hidden', '4', '--n-mels', '16')).code, 0);
  const started = Date.now();
  assertOneLineError(await run('generate', '-m', model, '--seconds', '1e9', '-o', path.join(tmp, 'long.wav')), /--seconds 1000000000 is too long: .*at most 4 GiB, i\.e\. 134217 s .*16000 Hz/);
  assert.ok(Date.now() - started < 10_000, 'the size check must come before any generating');
});

test('train on a folder of silent audio is an AudioFormatError naming the folder, not a degenerate model', async () => {
  const folder = path.join(tmp, 'silence');
  await tone(path.join(folder, 'quiet.wav'), 1, 0);
  assertOneLineError(await run('train', folder, '-o', path.join(tmp, 'silent.json'), '--epochs', '1', '--hidden', '4'), /silence: the only clip \(.*quiet\.wav\) is silent \(every sample is 0\)/);
});

test('sweep: a bad --grid/--space name or value fails up front naming it, and --force keeps the old results', async () => {
  const out = path.join(tmp, 'sweep.json');
  writeFileSync(out, '{"old":"results"}');
  const sweep = (...a: string[]) => run('sweep', '-o', out, '--force', '--workers', '0', ...a);
  assertOneLineError(await sweep('--grid', 'garbage'), /--grid part "garbage" must look like name=value1,value2/);
  assertOneLineError(await sweep('--grid', 'learningRate=abc'), /--grid learningRate=abc: fit: learningRate must be a positive number or 'auto', got abc/);
  assertOneLineError(await sweep('--grid', 'nosuch=1,2'), /--grid: "nosuch" is not a hyperparameter; valid names: .*learningRate.*nHidden/);
  assertOneLineError(await sweep('--grid', 'nHidden=64,0'), /--grid nHidden=0: RBM: nHidden must be a positive integer, got 0/);
  assertOneLineError(await sweep('--random', '2', '--space', 'momentum=0.5:1.5'), /--space momentum=1.5: fit: finalMomentum must be in \[0, 1\), got 1\.5/);
  assert.equal(readFileSync(out, 'utf8'), '{"old":"results"}');
});
