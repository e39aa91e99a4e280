/** End-to-end tests of the `rbm-music` command, run as users run it: `node bin/rbm-music.js …` in a child process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadFeatureFile } from '../../src/data';
import { saveWav } from '../../src/audio';
import { synthesizeMusic } from '../../src/data';
import { buildProgram, main } from '../../src/cli';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'rbm-music.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'rbm-cli-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A failure must be exactly one line `rbm-music: …` on stderr, without a stack trace. */
function assertOneLineError(r: ReturnType<typeof run>, pattern: RegExp): void {
  assert.notEqual(r.code, 0);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `stderr: ${r.stderr}`);
  assert.match(lines[0], /^rbm-music: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}

test('--help lists the commands; each command has --help', () => {
  const top = run('--help');
  assert.equal(top.code, 0);
  assert.match(top.stdout, /data \[options\]/);
  assert.match(top.stdout, /features \[options\] \[input\]/);
  const r = run('features', '--help');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Usage: rbm-music features/);
  // The other commands' help, in-process (same program object the binary builds; saves a process per command).
  for (const cmd of buildProgram().commands) {
    assert.match(cmd.helpInformation(), new RegExp(`Usage: rbm-music ${cmd.name()}`));
    if (cmd.name() !== 'help') assert.match(cmd.helpInformation(), /--help/);
  }
});

/** Runs the CLI in this process (for error cases that need no separate process), capturing stderr. */
async function runInProcess(...args: string[]) {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((c: string) => { chunks.push(String(c)); return true; }) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'rbm-music', ...args]);
    return { code, stdout: '', stderr: chunks.join('') };
  } finally {
    process.stderr.write = write;
  }
}

test('data --dataset synthetic --out writes WAVs and an index, then refuses to overwrite without --force', () => {
  const out = path.join(tmp, 'set');
  const r = run('data', '--dataset', 'synthetic', '--clips', '3', '--seconds', '0.5', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, ''); // not a TTY: no progress bar
  assert.match(r.stdout, /synthetic: 3 clips/);
  const index = JSON.parse(readFileSync(path.join(out, 'dataset.json'), 'utf8'));
  assert.deepEqual(index.clips.map((c: { style: string }) => c.style), ['chords', 'arpeggio', 'chords']);
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.wav')).length, 3);
  assert.equal(index.clips[0].seconds, 0.5);
  const again = run('data', '--dataset', 'synthetic', '--clips', '3', '--seconds', '0.5', '--out', out);
  assertOneLineError(again, /already exists.*--force/);
  assert.equal(again.code, 1);
  assert.equal(run('data', '--dataset', 'synthetic', '--clips', '3', '--seconds', '0.5', '--out', out, '--force').code, 0);
});

test('data without --out leaves the clips in --cache-dir and says where', () => {
  const cache = path.join(tmp, 'cache');
  const r = run('data', '--dataset', 'synthetic', '--clips', '2', '--seconds', '0.25', '--cache-dir', cache);
  assert.equal(r.code, 0, r.stderr);
  const dir = path.join(cache, 'synthetic-seed0');
  assert.match(r.stdout, new RegExp(`files: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.equal(readdirSync(dir).length, 2);
});

test('bad flags and missing files: non-zero exit with one line naming the problem', async () => {
  const clips = run('data', '--clips', 'abc');
  assertOneLineError(clips, /--clips must be a positive integer, got "abc"/);
  assert.equal(clips.code, 2);
  assertOneLineError(run('features', 'missing.wav'), /missing\.wav.*not found/);
  assertOneLineError(await runInProcess('data', '--dataset', 'nottingham'), /nottingham.*openmsx/);
  assertOneLineError(await runInProcess('data', '--bogus'), /unknown option '--bogus'/);
  assertOneLineError(await runInProcess('features', '--n-mels', '-3'), /--n-mels must be a positive integer/);
  assertOneLineError(await runInProcess('features', '--png', '--svg', 'x.wav'), /--png and --svg are exclusive/);
  assertOneLineError(await runInProcess('data', '--dataset', 'wesnoth', '--cache-dir', path.join(tmp, 'none')), /wesnoth\.sh/);
  // --debug adds the stack trace for the same error.
  const debug = run('--debug', 'features', 'missing.wav');
  assert.equal(debug.code, 1);
  assert.match(debug.stderr, /^rbm-music: .*missing\.wav/);
  assert.match(debug.stderr, /\n\s+at /);
});

test('features <file> writes a readable features file and an SVG; --png writes a PNG; no overwrite without --force', async () => {
  const wav = path.join(tmp, 'song.wav');
  await saveWav(wav, synthesizeMusic({ seed: 1, seconds: 1 }));
  const r = run('features', wav);
  assert.equal(r.code, 0, r.stderr);
  const { header, X } = await loadFeatureFile(path.join(tmp, 'song.features'));
  assert.equal(X.cols, 128);
  assert.equal(X.rows, 1 + Math.floor(16000 / 256)); // centred frames, hop 256
  assert.deepEqual(header.clips.map((c) => [c.name, c.startRow, c.rows]), [['song', 0, X.rows]]);
  assert.match(readFileSync(path.join(tmp, 'song.svg'), 'utf8'), /^<svg[^>]*>[\s\S]*data:image\/png;base64,/);
  assertOneLineError(run('features', wav), /song\.features already exists.*--force/);
  const lin = run('features', wav, '--kind', 'linear', '--png', '-o', 'lin.features');
  assert.equal(lin.code, 0, lin.stderr);
  assert.equal((await loadFeatureFile(path.join(tmp, 'lin.features'))).X.cols, 513);
  assert.deepEqual([...readFileSync(path.join(tmp, 'lin.png')).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.ok(!existsSync(path.join(tmp, 'lin.svg')));
});

test('data on the bundled OpenMSX set renders, reports styles, and copies the licence beside exported audio', () => {
  const out = path.join(tmp, 'omsx');
  const r = run('data', '--clips', '2', '--seconds', '1', '--sound-font', 'TimGM6mb', '--cache-dir', path.join(tmp, 'c2'), '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /openmsx: 2 clips, .* \(blues 1, rock 1\)/);
  for (const f of ['copyright', 'license.txt', 'readme.txt', 'dataset.json']) assert.ok(existsSync(path.join(out, f)), f);
  assert.match(JSON.parse(readFileSync(path.join(out, 'dataset.json'), 'utf8')).licence, /GPL-2\.0/);
});
