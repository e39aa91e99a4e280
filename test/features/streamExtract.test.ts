/**
 * Issue 11, flat memory: `rbm-music features` reads a file block by block, mixes and resamples block by block
 * (StreamResampler), makes feature rows from pushed pieces (FeaturePipeline.extractStream), fits the scaler from
 * blocks and writes the file from blocks. Each step must give what the whole-clip path gives — here checked on a
 * real bundled clip (two openmsx tracks rendered at 22.05 kHz as the left and right channels of a 16-bit WAV), with
 * piece sizes that cut frames and filter spans at awkward places (1 sample, a hop ± 1, primes).
 */
import type { SampleWindow } from '../../src/util/sampleWindow';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadDataset, FrameSpool, loadFeatureFile, saveFeatureFile, writeFeatureFile } from '../../src/data';
import { clipReader, loadAudio, monoBlocks, openAudioReader, resample, saveWav, StreamResampler } from '../../src/audio';
import { FeaturePipeline, MinMaxScaler, Standardizer } from '../../src/features';
import { FEATURE_BLOCK_FRAMES } from '../../src/features/featureConfig';
import { concatRows } from '../../src/util/matrix';
import { AudioFormatError } from '../../src/errors';
import type { Matrix } from '../../src/types';

const dir = mkdtempSync(path.join(tmpdir(), 'rbm-stream-'));
const wav = path.join(dir, 'two-tracks.wav');
let left: Float32Array, right: Float32Array;

before(async () => {
  const clips = await loadDataset('openmsx', { maxClips: 2, clipSeconds: 6, sampleRate: 22050 });
  [left, right] = clips.map((c) => c.clip.channels[0]);
  await saveWav(wav, { sampleRate: 22050, channels: [left, right] }); // 16-bit PCM stereo
});
after(() => rmSync(dir, { recursive: true, force: true }));

const cat = (parts: Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

async function collect(blocks: AsyncIterable<Float32Array>): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for await (const y of blocks) out.push(y);
  return out;
}

/** Cuts y into pieces of the given sizes, cycling through them. */
function pieces(y: Float32Array, sizes: number[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (let at = 0, k = 0; at < y.length; k++) {
    const n = sizes[k % sizes.length];
    out.push(y.slice(at, at + n));
    at += n;
  }
  return out;
}

const AWKWARD = [1, 255, 257, 4099, 3, 10007];

for (const [from, to, quality] of [[22050, 16000, 'best'], [22050, 44100, 'best'], [22050, 8000, 'fast']] as const) {
  test(`StreamResampler ${from} → ${to} Hz (${quality}) in awkward pieces gives resample()'s samples, bit for bit`, () => {
    const expected = resample(left, from, to, { quality });
    const r = new StreamResampler(from, to, { quality });
    const got = cat([...pieces(left, AWKWARD).map((p) => r.push(p)), r.end()]);
    assert.equal(got.length, expected.length);
    assert.deepEqual(got, expected);
  });
}

test('openAudioReader + monoBlocks read a WAV block by block and give loadAudio(mono, 16 kHz) exactly', async () => {
  const expected = (await loadAudio(wav, { mono: true, sampleRate: 16000 })).channels[0];
  for (const blockFrames of [1, 333, 65536]) {
    const reader = await openAudioReader(wav);
    try {
      assert.equal(reader.streamed, true);
      assert.equal(reader.frames, left.length);
      const got = cat(await collect(monoBlocks(reader, { sampleRate: 16000, blockFrames: blockFrames === 1 ? 7 : blockFrames })));
      assert.deepEqual(got, expected, `blockFrames ${blockFrames}`);
    } finally {
      reader.close();
    }
  }
});

for (const config of [{}, { nFft: 512, hopLength: 32, nMels: 40 }, { kind: 'linear' as const, nFft: 256, hopLength: 100, compression: 'db' as const }]) {
  test(`extractStream in awkward pieces equals extract on the whole clip (${JSON.stringify(config)})`, async () => {
    const y = (await loadAudio(wav, { mono: true, sampleRate: 16000 })).channels[0];
    const fp = new FeaturePipeline(config);
    const expected = fp.extract(y);
    const { hopLength, nFft } = fp.config;
    const s = fp.extractStream();
    const rows = [...pieces(y, [1, hopLength - 1, hopLength + 1, nFft + 3, 4099, ...AWKWARD]).map((p) => s.push(p)), s.end()];
    const got = concatRows(rows.filter((r) => r.rows > 0));
    assert.equal(got.rows, expected.rows);
    assert.equal(got.cols, expected.cols);
    if (config.hopLength === 32) assert.ok(expected.rows > 2 * FEATURE_BLOCK_FRAMES, 'the clip spans several blocks of frames');
    let worst = 0;
    for (let i = 0; i < got.data.length; i++) worst = Math.max(worst, Math.abs(got.data[i] - expected.data[i]));
    assert.ok(worst <= 1e-6, `largest difference ${worst}`);
  });
}

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'audio');
for (const file of ['tone-440-660.flac', 'tone-440-660.ogg', 'tone-440-660.mp3', 'tone-440-mono.mp3']) {
  test(`openAudioReader streams ${file} through the decoder in chunks: loadAudio's samples (mono, 16 kHz and as stored)`, async () => {
    const full = path.join(FIXTURES, file);
    const stored = await loadAudio(full);
    const reader = await openAudioReader(full, { compressedChunkBytes: 1000 }); // the files are 3–9 KB: several chunks
    try {
      assert.equal(reader.streamed, true);
      assert.equal(reader.sampleRate, stored.sampleRate);
      assert.equal(reader.channels, stored.channels.length);
      const blocks: Float32Array[][] = [];
      for (;;) {
        const b = await reader.read(997);
        if (b[0].length === 0) break;
        blocks.push(b);
      }
      stored.channels.forEach((y, c) => assert.deepEqual(cat(blocks.map((b) => b[c])), y, `channel ${c}`));
    } finally {
      reader.close();
    }
    const mono = (await loadAudio(full, { mono: true, sampleRate: 22050 })).channels[0];
    const r2 = await openAudioReader(full, { compressedChunkBytes: 517 });
    try {
      assert.deepEqual(cat(await collect(monoBlocks(r2, { sampleRate: 22050, blockFrames: 333 }))), mono);
    } finally {
      r2.close();
    }
  });
}

test('scalers fitted from blocks equal scalers fitted on the stacked rows, bit for bit', () => {
  const fp = new FeaturePipeline({ nMels: 32 });
  const E = fp.extract(left.subarray(0, 40000));
  const blocks: Matrix[] = [];
  for (let r = 0, k = 0; r < E.rows; r += [1, 17, 64][k++ % 3]) {
    const n = Math.min([1, 17, 64][k % 3], E.rows - r);
    blocks.push({ rows: n, cols: E.cols, data: E.data.slice(r * E.cols, (r + n) * E.cols) });
  }
  for (const make of [() => new Standardizer(), () => new MinMaxScaler()]) {
    const whole = make().fit(E).toJSON();
    const blocked = make().fitBlocks((visit) => blocks.forEach(visit)).toJSON();
    assert.deepEqual(blocked, whole);
  }
});

test('FrameSpool + writeFeatureFile write the bytes saveFeatureFile writes for the stacked matrix', async () => {
  const fp = new FeaturePipeline({ nMels: 24 });
  const E = fp.extract(right);
  const spool = new FrameSpool(path.join(dir, 'x.unscaled'), E.cols);
  try {
    for (let r = 0; r < E.rows; r += 100) spool.append({ rows: Math.min(100, E.rows - r), cols: E.cols, data: E.data.slice(r * E.cols, Math.min(E.rows, r + 100) * E.cols) });
    fp.fitFeatureBlocks((visit) => spool.forEach(visit, 0, spool.rows, 37));
    const header = { pipeline: fp.toJSON(), clips: [{ name: 'right', startRow: 0, rows: E.rows }] };
    writeFeatureFile(path.join(dir, 'streamed.features'), { rows: spool.rows, cols: spool.cols }, header, (write) => spool.forEach((B) => write(fp.scale(B)), 0, spool.rows, 51));
    const ref = new FeaturePipeline({ nMels: 24 }).fitFeatures(E);
    await saveFeatureFile(path.join(dir, 'whole.features'), ref.scale(E), { pipeline: ref.toJSON(), clips: header.clips });
    assert.ok(readFileSync(path.join(dir, 'streamed.features')).equals(readFileSync(path.join(dir, 'whole.features'))));
    const { X } = await loadFeatureFile(path.join(dir, 'streamed.features'));
    assert.equal(X.rows, E.rows);
  } finally {
    spool.remove();
  }
  assert.throws(() => readFileSync(spool.path), /ENOENT/);
});

test('writeFeatureFile leaves no file when the blocks do not add up to the declared rows', () => {
  const target = path.join(dir, 'short.features');
  assert.throws(() => writeFeatureFile(target, { rows: 5, cols: 2 }, { pipeline: null, clips: [] }, (write) => write({ rows: 2, cols: 2, data: new Float32Array(4) })),
    /held 2 rows, but the header gives 5/);
  assert.throws(() => readFileSync(target), /ENOENT/);
});

test('a truncated WAV is refused when opened for block reading (AudioFormatError naming the file); clipReader serves a clip in blocks', async () => {
  const bytes = readFileSync(wav);
  const cut = path.join(dir, 'cut.wav');
  writeFileSync(cut, bytes.subarray(0, bytes.length - 1000));
  await assert.rejects(openAudioReader(cut), (e: unknown) => e instanceof AudioFormatError && e.message.startsWith(cut));
  const r = clipReader({ sampleRate: 8000, channels: [new Float32Array(10)] });
  assert.equal((await r.read(4))[0].length, 4);
  assert.equal((await r.read(100))[0].length, 6);
  assert.equal((await r.read(100))[0].length, 0);
});

test('rbm-music features on a WAV (streamed) writes the file the whole-clip route writes, byte for byte, and no spool is left', async () => {
  const { main } = await import('../../src/cli/main');
  const out = path.join(dir, 'cli.features');
  const log = console.log;
  console.log = () => {};
  let code: number;
  try {
    code = await main(['node', 'rbm-music', '--quiet', 'features', wav, '-o', out, '--n-mels', '40']);
  } finally {
    console.log = log;
  }
  assert.equal(code, 0);
  // The whole-clip route `features` took before issue 11's streaming: load, extract, fit, scale, save.
  const y = (await loadAudio(wav, { mono: true, sampleRate: 16000 })).channels[0];
  const fp = new FeaturePipeline({ nMels: 40 });
  const E = fp.extract(y);
  fp.fitFeatures(E);
  const ref = path.join(dir, 'ref.features');
  await saveFeatureFile(ref, fp.scale(E), { pipeline: fp.toJSON(), clips: [{ name: 'two-tracks', path: path.resolve(wav), startRow: 0, rows: E.rows }] });
  assert.ok(readFileSync(out).equals(readFileSync(ref)), 'same bytes');
  assert.ok(readFileSync(path.join(dir, 'cli.svg'), 'utf8').startsWith('<svg'));
  const { readdirSync } = await import('node:fs');
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});

test('rbm-music features on a folder (each file streamed) writes what loadAudioFolder + extract + fit + scale wrote', async () => {
  const { main } = await import('../../src/cli/main');
  const { mkdirSync } = await import('node:fs');
  const { loadAudioFolder } = await import('../../src/data');
  const folder = path.join(dir, 'mine');
  mkdirSync(path.join(folder, 'a'), { recursive: true });
  mkdirSync(path.join(folder, 'b'), { recursive: true });
  await saveWav(path.join(folder, 'a', 'left.wav'), { sampleRate: 22050, channels: [left.subarray(0, 30000)] });
  await saveWav(path.join(folder, 'b', 'both.wav'), { sampleRate: 22050, channels: [left.subarray(5000, 60000), right.subarray(0, 55000)] });
  const out = path.join(dir, 'folder.features');
  const log = console.log;
  console.log = () => {};
  let code: number;
  try {
    code = await main(['node', 'rbm-music', '--quiet', 'features', folder, '-o', out, '--n-mels', '32', '--no-image']);
  } finally {
    console.log = log;
  }
  assert.equal(code, 0);
  const clips = await loadAudioFolder(folder);
  const fp = new FeaturePipeline({ nMels: 32 });
  const parts = clips.map((c) => fp.extract(c.clip));
  const E = concatRows(parts);
  fp.fitFeatures(E);
  let row = 0;
  const index = clips.map((c, i) => ({ name: c.name, style: c.style, path: c.path, startRow: (row += parts[i].rows) - parts[i].rows, rows: parts[i].rows }));
  const ref = path.join(dir, 'folder-ref.features');
  await saveFeatureFile(ref, fp.scale(E), { pipeline: fp.toJSON(), clips: index });
  assert.ok(readFileSync(out).equals(readFileSync(ref)), 'same bytes');
  assert.deepEqual((await loadFeatureFile(out)).header.clips.map((c) => c.style), ['a', 'b']);
});

test('what the streams hold does not grow with the length of the signal (the flat-memory property, white-box)', () => {
  // 8 kHz, hop 64: a 1,024-frame block is 8.2 s. Push 20 s and 200 s of a tone in 1,000-sample pieces; the sample
  // buffers the resampler and the feature stream keep must be the same size after both.
  const held = (seconds: number) => {
    const rs = new StreamResampler(11025, 8000);
    const fs = new FeaturePipeline({ sampleRate: 8000, nFft: 256, hopLength: 64, nMels: 32 }).extractStream();
    const piece = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 5));
    let rows = 0;
    for (let n = 0; n < seconds * 11025; n += piece.length) rows += fs.push(rs.push(piece)).rows;
    // Each stream keeps its samples in a SampleWindow (src/util/sampleWindow.ts): its buffer is what memory holds.
    const size = (o: unknown) => {
      const w = o as { input?: SampleWindow; signal?: SampleWindow };
      return (w.input ?? w.signal)!.capacity;
    };
    return { rs: size(rs), fs: size(fs), rows };
  };
  const short = held(20), long = held(200);
  assert.ok(long.rows > 9 * short.rows, `${long.rows} rows vs ${short.rows}`);
  assert.equal(long.rs, short.rs);
  assert.equal(long.fs, short.fs);
  // one block's span of samples plus a piece, at most doubled by the buffer's growth policy
  assert.ok(long.fs <= 2 * (1024 * 64 + 256 + 1000), `feature stream holds ${long.fs} samples`);
});

test('an MP3 behind a large ID3v2 tag (cover art) streams as loadAudio reads it: mono stays one channel', async () => {
  const mp3 = readFileSync(path.join(FIXTURES, 'tone-440-mono.mp3'));
  const size = 1_200_000; // past the first MiB the reader sniffs, so the probe for the first frame header reads further
  const tag = Buffer.alloc(10 + size);
  tag.write('ID3', 0, 'latin1');
  tag[3] = 3; // ID3v2.3
  tag[6] = (size >> 21) & 0x7f; tag[7] = (size >> 14) & 0x7f; tag[8] = (size >> 7) & 0x7f; tag[9] = size & 0x7f; // syncsafe
  const file = path.join(dir, 'tagged.mp3');
  writeFileSync(file, Buffer.concat([tag, mp3]));
  const whole = await loadAudio(file);
  assert.equal(whole.channels.length, 1);
  const r = await openAudioReader(file, { compressedChunkBytes: 4096 });
  try {
    assert.equal(r.channels, 1);
    const parts: Float32Array[] = [];
    for (;;) {
      const b = await r.read(1000);
      if (b[0].length === 0) break;
      parts.push(b[0]);
    }
    assert.deepEqual(cat(parts), whole.channels[0]);
  } finally {
    r.close();
  }
});
