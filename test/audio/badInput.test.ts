import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveFile } from 'wavefile';
import { createWavWriter, decodeAudio, decodeWav, loadAudio, saveWav, validClip } from '../../src/audio';
import { AudioFormatError, ParameterError } from '../../src/errors';
import { buildWav, extensibleExtra } from './wavBuilder';

/** Asserts that decoding `bytes` as `name` throws AudioFormatError whose message names the file and matches `what`. */
function rejects(bytes: Uint8Array, name: string, what: RegExp): void {
  assert.throws(() => decodeWav(bytes, { fileName: name }), (e: unknown) => {
    assert.ok(e instanceof AudioFormatError, `expected AudioFormatError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.ok(e.message.includes(name), `message does not name the file: ${e.message}`);
    assert.match(e.message, what);
    return true;
  });
}

const pcm = (n: number): Uint8Array => new Uint8Array(n);

test('truncated header: empty file, 8 bytes, RIFF/WAVE with no chunks, fmt cut short', () => {
  rejects(new Uint8Array(0), 'empty.wav', /truncated header: the file has 0 bytes/);
  rejects(buildWav().subarray(0, 8), 'eight.wav', /truncated header/);
  rejects(buildWav().subarray(0, 12), 'nochunks.wav', /no 'fmt ' chunk/);
  rejects(buildWav().subarray(0, 30), 'cutfmt.wav', /truncated: chunk 'fmt ' at byte 12 claims 16 bytes but only 10 follow/);
  rejects(buildWav().subarray(0, 36), 'nodata.wav', /no 'data' chunk/);
});

test('not RIFF/WAVE: text, Ogg, RIFF AVI, big-endian RIFX, RF64', () => {
  rejects(new TextEncoder().encode('hello, this is not audio at all'), 'notes.txt', /not a RIFF\/WAVE file: it starts with 'hell'/);
  rejects(new TextEncoder().encode('OggS\x00\x02 some ogg vorbis bytes'), 'song.ogg', /looks like OGG: use decodeAudio\(\)/);
  rejects(buildWav({ waveId: 'AVI ' }), 'movie.avi', /form type is 'AVI ', expected 'WAVE'/);
  rejects(buildWav({ riffId: 'RIFX' }), 'be.wav', /big-endian RIFX/);
  rejects(buildWav({ riffId: 'RF64' }), 'huge.wav', /RF64/);
  rejects(Uint8Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), 'bin.wav', /starts with bytes 00 01 02 03/);
});

test('zero samples: empty data chunk, data smaller than one frame', () => {
  rejects(buildWav({ data: pcm(0) }), 'silent.wav', /zero samples/);
  rejects(buildWav({ channels: 2, bitsPerSample: 24, data: pcm(5) }), 'short.wav', /zero samples: the data chunk holds 5 bytes, less than one 6-byte frame/);
});

test('unsupported codecs are named: IMA ADPCM (a real wavefile encoding), MS ADPCM, MP3-in-WAV, unknown tag', () => {
  const w = new WaveFile();
  w.fromScratch(1, 8000, '16', new Int16Array(1000));
  w.toIMAADPCM();
  rejects(w.toBuffer(), 'ima.wav', /unsupported codec IMA ADPCM/);
  rejects(buildWav({ formatTag: 2, bitsPerSample: 4, blockAlign: 256 }), 'msadpcm.wav', /unsupported codec Microsoft ADPCM/);
  rejects(buildWav({ formatTag: 0x55, bitsPerSample: 0, blockAlign: 1 }), 'mp3in.wav', /MPEG Layer 3/);
  rejects(buildWav({ formatTag: 0x1234 }), 'odd.wav', /format tag 0x1234/);
  rejects(buildWav({ formatTag: 0xfffe, bitsPerSample: 16, fmtExtra: extensibleExtra(0x11, 16) }), 'extima.wav', /IMA ADPCM/);
});

test('unsupported bit depths of supported codecs: 12-bit PCM, 16-bit float, 16-bit μ-law', () => {
  rejects(buildWav({ bitsPerSample: 12, blockAlign: 2 }), 'pcm12.wav', /unsupported 12-bit PCM/);
  rejects(buildWav({ formatTag: 3, bitsPerSample: 16 }), 'half.wav', /unsupported 16-bit IEEE float/);
  rejects(buildWav({ formatTag: 7, bitsPerSample: 16 }), 'mu16.wav', /unsupported 16-bit μ-law/);
});

test('absurd header values: channels 0 and 10000, sample rate 0, 1, 50, 999 Hz and 800 kHz / 2 MHz, block-align mismatch', () => {
  rejects(buildWav({ channels: 0, blockAlign: 2 }), 'ch0.wav', /header says 0 channels; valid: 1 to 256/);
  rejects(buildWav({ channels: 10000, blockAlign: 2 }), 'ch10k.wav', /header says 10000 channels/);
  rejects(buildWav({ sampleRate: 0 }), 'sr0.wav', /sample rate 0 Hz; valid: 1000 to 768000 Hz/);
  // Issue 11: 1–50 Hz headers were accepted, and resampling to 16 kHz then ran for minutes or overflowed.
  for (const rate of [1, 50, 999, 768_001, 2_000_000]) rejects(buildWav({ sampleRate: rate }), `sr${rate}.wav`, new RegExp(`sample rate ${rate} Hz; valid: 1000 to 768000 Hz`));
  assert.equal(decodeWav(buildWav({ sampleRate: 1000 }), { fileName: 'sr1k.wav' }).sampleRate, 1000);
  assert.equal(decodeWav(buildWav({ sampleRate: 768_000 }), { fileName: 'sr768k.wav' }).sampleRate, 768_000);
  rejects(buildWav({ channels: 2, blockAlign: 2 }), 'align.wav', /block-align mismatch: header says 2 bytes per frame, but 2 channels × 16 bits need 4/);
});

test('lying sizes: data claiming 4 GB in a 100-byte file fails at once, without allocating it; 0xFFFFFFFF means "to the end"', () => {
  const bytes = buildWav({ data: pcm(40), dataSize: 0xfffffff0 });
  assert.ok(bytes.length < 100);
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  rejects(bytes, 'liar.wav', /data chunk claims 4294967280 bytes but only 40 bytes follow/);
  assert.ok(performance.now() - t0 < 200, 'should fail immediately');
  assert.ok(process.memoryUsage().arrayBuffers - before < 1e7, 'no large allocation');
  // 0xFFFFFFFF is the "length unknown" marker of streaming writers (ffmpeg to a pipe): read to the end.
  const streamed = decodeWav(buildWav({ data: new Uint8Array(Int16Array.of(16384, -16384, 0).buffer), dataSize: 0xffffffff }), { fileName: 'pipe.wav' });
  assert.deepEqual(Array.from(streamed.channels[0]), [0.5, -0.5, 0]);
  rejects(buildWav({ before: [['LIST', pcm(4)]] }).map((b, i, a) => (i === 40 ? 0xff : b)), 'badlist.wav', /chunk 'LIST'|data chunk|no 'data'/);
});

test('extensible headers: too short, non-standard GUID, more valid bits than container bits', () => {
  rejects(buildWav({ formatTag: 0xfffe, fmtExtra: pcm(2) }), 'ext18.wav', /EXTENSIBLE 'fmt ' chunk is 18 bytes, 40 are needed/);
  rejects(buildWav({ formatTag: 0xfffe, fmtExtra: extensibleExtra(1, 16, 0, new Array(14).fill(7)) }), 'guid.wav', /non-standard sub-format GUID/);
  rejects(buildWav({ formatTag: 0xfffe, fmtExtra: extensibleExtra(1, 24) }), 'valid.wav', /24 valid bits in a 16-bit sample/);
});

test('non-finite float samples are reported with their position', () => {
  const data = new Uint8Array(new Float32Array([0.5, Number.NaN, 0.1, 0]).buffer);
  rejects(buildWav({ formatTag: 3, bitsPerSample: 32, data }), 'nan.wav', /sample 1 of channel 0 is NaN/);
});

test('float64 samples beyond the float32 range are an AudioFormatError naming the file (were ±Infinity)', () => {
  const data = new Uint8Array(new Float64Array([0.5, -1e39, 0.25]).buffer);
  rejects(buildWav({ formatTag: 3, bitsPerSample: 64, data }), 'huge64.wav', /sample 1 of channel 0 is -1e\+39, beyond the float32 range/);
  const ok = decodeWav(buildWav({ formatTag: 3, bitsPerSample: 64, data: new Uint8Array(new Float64Array([0.5, -3e38]).buffer) }), { fileName: 'big64.wav' });
  assert.equal(ok.channels[0][1], Math.fround(-3e38)); // large but representable: kept as stored
});

test('decoded and resampled sizes are checked against the memory limit before allocating, naming the file', async () => {
  const saved = process.env.RBM_MUSIC_MEMORY_LIMIT;
  process.env.RBM_MUSIC_MEMORY_LIMIT = '1M';
  try {
    // 1 s at 1 kHz (2 KB of PCM) resampled to 768 kHz would be 768,000 samples = 3 MB > 1 MiB.
    const bytes = buildWav({ sampleRate: 1000, data: pcm(2000) });
    const t0 = performance.now();
    assert.throws(() => decodeWav(bytes, { fileName: 'low.wav', sampleRate: 768_000 }), (e: unknown) =>
      e instanceof AudioFormatError && /^low\.wav: resampling 1000 frames from 1000 Hz to 768000 Hz \(768000 samples × 1 channel\) needs 2\.93 MiB, more than the 1 MiB memory limit/.test(e.message));
    await assert.rejects(decodeAudio(bytes, { fileName: 'low2.wav', sampleRate: 768_000 }), (e: unknown) => e instanceof AudioFormatError && e.message.startsWith('low2.wav: '));
    // 600 KB of 8-bit stereo PCM decodes to 2.4 MB of float32: refused before decoding.
    assert.throws(() => decodeWav(buildWav({ channels: 2, bitsPerSample: 8, data: pcm(600_000) }), { fileName: 'big8.wav' }), (e: unknown) =>
      e instanceof AudioFormatError && /^big8\.wav: decoding 300000 frames × 2 channels needs/.test(e.message));
    assert.ok(performance.now() - t0 < 500, 'refused without doing the work');
    assert.equal(decodeWav(bytes, { fileName: 'low.wav', sampleRate: 16000 }).channels[0].length, 16000); // within the limit
  } finally {
    if (saved === undefined) delete process.env.RBM_MUSIC_MEMORY_LIMIT; else process.env.RBM_MUSIC_MEMORY_LIMIT = saved;
  }
});

test('decodeWav without fileName uses "WAV data"; a non-Uint8Array is a ParameterError', () => {
  rejects(new Uint8Array(3), 'WAV data', /truncated header/);
  assert.throws(() => decodeWav('RIFF' as unknown as Uint8Array), ParameterError);
});

test('loadAudio: missing file, a folder, an mp3 file, a broken WAV — AudioFormatError naming the path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rbm-audio-bad-'));
  const expect = async (path: string, what: RegExp): Promise<void> => {
    await assert.rejects(loadAudio(path), (e: unknown) => {
      assert.ok(e instanceof AudioFormatError, `got ${(e as Error)?.name}`);
      assert.ok(e.message.includes(path), e.message);
      assert.match(e.message, what);
      return true;
    });
  };
  await expect(join(dir, 'nope.wav'), /file not found/);
  mkdirSync(join(dir, 'folder.wav'));
  await expect(join(dir, 'folder.wav'), /is a folder/);
  writeFileSync(join(dir, 'song.mp3'), Uint8Array.of(0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0));
  await expect(join(dir, 'song.mp3'), /no audio could be decoded from this MP3 file/);
  writeFileSync(join(dir, 'notes.txt'), 'just text');
  await expect(join(dir, 'notes.txt'), /unrecognised audio format \(first bytes: 6a 75 73 74\); supported: WAV/);
  writeFileSync(join(dir, 'cut.wav'), buildWav().subarray(0, 20));
  await expect(join(dir, 'cut.wav'), /truncated/);
  await assert.rejects(loadAudio(''), ParameterError);
});

// The seeded corruption fuzz (2,000+ mutants of WAV, FLAC, Ogg, MP3 and model files) lives in test/fuzz/fuzz.test.ts.

test('writing under a path whose parent is a file, or onto a folder: ParameterError naming the output path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rbm-out-'));
  const file = join(dir, 'song.wav');
  writeFileSync(file, 'not a folder');
  const clip = { sampleRate: 16000, channels: [new Float32Array(16)] };
  const isPathError = (target: string, why: RegExp) => (e: unknown) => {
    assert.ok(e instanceof ParameterError, `expected ParameterError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
    assert.ok(e.message.includes(target), `message does not name ${target}: ${e.message}`);
    assert.match(e.message, why);
    return true;
  };
  const under = join(file, 'x.wav');
  await assert.rejects(saveWav(under, clip), isPathError(under, /a parent of it is a file, not a folder/));
  assert.throws(() => createWavWriter(under, { sampleRate: 16000 }), isPathError(under, /a parent of it is a file, not a folder/));
  mkdirSync(join(dir, 'folder.wav'));
  await assert.rejects(saveWav(join(dir, 'folder.wav'), clip, { force: true }), isPathError(join(dir, 'folder.wav'), /it is a folder/));
  // /proc (Linux) exists but refuses new files with ENOENT
  await assert.rejects(saveWav('/proc/x.wav', clip), isPathError('/proc/x.wav', /its folder does not exist or cannot hold new files/));
});

test('validClip: a clip without channels says so (was "got " with nothing after it)', () => {
  assert.throws(() => validClip({ sampleRate: 16000, channels: [] }, 'clip'), (e: unknown) =>
    e instanceof ParameterError && /clip\.channels must be a non-empty array of Float32Array, got an array of 0$/.test(e.message));
  assert.throws(() => validClip({ sampleRate: 16000 } as never, 'clip'), (e: unknown) =>
    e instanceof ParameterError && /clip\.channels must be a non-empty array of Float32Array, got undefined$/.test(e.message));
});
