/**
 * Bad input to the `rbm-music` command: each case must end with one line `rbm-music: <reason>` naming the
 * file or flag, a non-zero exit, and no file lost. Run in-process through `main` (same code the binary runs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { saveWav } from '../../src/audio';
import { main } from '../../src/cli';
import { wholeFileChecksum } from '../../src/rbm/storage/modelFile';

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

// ---- Issue 11 (hardening): each case names the flag or file, fails at once, and is never an internal error. ----

test('output flags: an empty -o and a folder as -o are refused naming --out (were "<cwd> already exists" and EISDIR)', async () => {
  const folder = path.join(tmp, 'outdir');
  mkdirSync(folder, { recursive: true });
  assertOneLineError(await run('train', '-o', ''), /^rbm-music: --out is empty: give a file name, e\.g\. --out models\/rbm\.json$/);
  assertOneLineError(await run('features', path.join(tmp, 'nothing.wav'), '-o', folder), /--out .*outdir is a folder, not a file name/);
  assertOneLineError(await run('sweep', '-o', folder, '--force', '--workers', '0'), /--out .*outdir is a folder, not a file name/);
  assertOneLineError(await run('generate', '-o', `${folder}/`), /--out .*outdir\/ is a folder/);
});

test('sizes that imply huge allocations fail at once naming the flag: --n-mels, --n-fft, --hidden, --order, --sample-rate', async () => {
  const wav = path.join(tmp, 'size.wav');
  await tone(wav, 1);
  const folder = path.join(tmp, 'sizes');
  await tone(path.join(folder, 'a.wav'), 1);
  const t0 = Date.now();
  assertOneLineError(await run('features', wav, '--n-mels', '1000000', '--no-image', '-o', path.join(tmp, 'm.features')), /nMels=1000000: the FFT tables and the mel filterbank needs .* more than the 2 GiB memory limit/);
  assertOneLineError(await run('features', wav, '--n-fft', '67108864', '--no-image', '-o', path.join(tmp, 'f.features')), /nFft=67108864.* more than the 2 GiB memory limit/);
  assertOneLineError(await run('features', wav, '--sample-rate', '1', '--no-image', '-o', path.join(tmp, 'r.features')), /--sample-rate must be a whole number of Hz from 1000 to 768000, got "1"/);
  assertOneLineError(await run('train', folder, '--model', 'rbm', '--hidden', '20000000', '-o', path.join(tmp, 'h.json'), '--epochs', '1'), /nHidden=20000000 .*memory limit; use fewer hidden units \(CLI --hidden\)/);
  assertOneLineError(await run('train', folder, '--model', 'crbm', '--order', '100000', '-o', path.join(tmp, 'o.json'), '--epochs', '1'), /order=100000 .*memory limit; use a shorter history \(CLI --order\)/);
  assert.ok(Date.now() - t0 < 30_000, `took ${Date.now() - t0} ms`);
});

test('a WAV whose header claims 8 Hz fails at once naming the file (features ran 60 s and grew to 465 MB)', async () => {
  const wav = path.join(tmp, 'slow.wav');
  const bytes = Buffer.from(await tone(wav, 0.5));
  bytes.writeUInt32LE(8, 24); // sample rate
  bytes.writeUInt32LE(16, 28); // byte rate
  writeFileSync(wav, bytes);
  const t0 = Date.now();
  assertOneLineError(await run('features', wav, '--no-image', '-o', path.join(tmp, 'slow.features')), /slow\.wav: header says sample rate 8 Hz; valid: 1000 to 768000 Hz/);
  assert.ok(Date.now() - t0 < 5000);
});

test('generate: --temperature 1e300 and --block-seconds 0.01 name the flag; a pipeline at 1 Hz is a ModelFormatError naming the model file', async () => {
  const folder = path.join(tmp, 'gen');
  await tone(path.join(folder, 'a.wav'), 1);
  const model = path.join(tmp, 'gen.json');
  assert.equal((await run('train', folder, '-o', model, '--epochs', '1', '--hidden', '4', '--n-mels', '16')).code, 0);
  const out = path.join(tmp, 'gen.wav');
  assertOneLineError(await run('generate', '-m', model, '--temperature', '1e300', '-o', out), /temperature \(CLI --temperature\) must be a number > 0 and ≤ 1000, got 1e\+300/);
  const t0 = Date.now();
  assertOneLineError(await run('generate', '-m', model, '--block-seconds', '0.01', '-o', out), /blockSeconds \(CLI --block-seconds\) is 0\.01 s, shorter than two hops/);
  assert.ok(Date.now() - t0 < 10_000);
  // The same model with its pipeline's sampleRate edited to 1 (and the file resealed so only the metadata is wrong).
  const bytes = readFileSync(model);
  const h = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 12, 12 + h));
  header.meta.pipeline.config.sampleRate = 1;
  header.checksum = wholeFileChecksum(header, bytes.subarray(12 + h));
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((4 - (json.length % 4)) % 4, 0x20)]);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const bad = path.join(tmp, 'rate1.json');
  writeFileSync(bad, Buffer.concat([bytes.subarray(0, 8), len, json, bytes.subarray(12 + h)]));
  assertOneLineError(await run('generate', '-m', bad, '-o', out), /rate1\.json: its saved feature pipeline \(meta\.pipeline\) is unusable: .*sampleRate=1 must be/);
});

test('sweep: unknown --metric and an nHidden too large for memory fail up front; every trial failing exits non-zero; --resume checks the results file', async () => {
  const folder = path.join(tmp, 'sweepdata');
  await tone(path.join(folder, 'a.wav'), 2);
  await tone(path.join(folder, 'b.wav'), 2, 0.1);
  const out = path.join(tmp, 'fail.json');
  const sweep = (...a: string[]) => run('sweep', folder, '-o', out, '--workers', '0', '--epochs', '1', '--clips', '2', '--seconds', '2', ...a);
  assertOneLineError(await sweep('--metric', 'nonexistent'), /--metric nonexistent is not a metric fit\(\) reports; valid: validationReconstructionError/);
  assertOneLineError(await sweep('--grid', 'nHidden=50000000'), /--grid nHidden=50000000: an RBM with 128 visible and 50000000 hidden units needs .* memory limit/);
  assertOneLineError(await sweep('--random', '2', '--space', 'nHidden=1:1e12'), /--space nHidden=1000000000000: an RBM with 128 visible and 1000000000000 hidden units needs .* memory limit/);
  assertOneLineError(await sweep('--grid', 'learningRate=1e30', '--force'), /every one of the 1 trials failed or diverged \(results in .*fail\.json\)/);
  const results = JSON.parse(readFileSync(out, 'utf8'));
  delete results.trials[0].curve;
  writeFileSync(out, JSON.stringify(results));
  assertOneLineError(await sweep('--grid', 'learningRate=1e30', '--resume'), /fail\.json: trial 0 of the sweep results file has no "curve" list of numbers/);
});
