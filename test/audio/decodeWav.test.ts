import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveFile } from 'wavefile';
import { decodeWav, loadAudio } from '../../src/audio';
import { buildWav, extensibleExtra, maxAbsDiff, noise, sine } from './wavBuilder';

/**
 * How each stored format maps a float in [−1, 1) to the number wavefile stores (`toInt`), the value a
 * decoder must return for it (`fromInt`, libsndfile's convention: divide by 2^(bits−1); 8-bit is unsigned),
 * and the quantisation step.
 */
const FORMATS = [
  { code: '8', toInt: (x: number) => Math.min(255, Math.round(x * 128) + 128), fromInt: (q: number) => (q - 128) / 128, step: 1 / 128 },
  { code: '16', toInt: (x: number) => Math.min(32767, Math.round(x * 32768)), fromInt: (q: number) => q / 32768, step: 1 / 32768 },
  { code: '24', toInt: (x: number) => Math.min(8388607, Math.round(x * 8388608)), fromInt: (q: number) => q / 8388608, step: 1 / 8388608 },
  { code: '32', toInt: (x: number) => Math.min(2147483647, Math.round(x * 2147483648)), fromInt: (q: number) => q / 2147483648, step: 1 / 2147483648 },
  { code: '32f', toInt: (x: number) => x, fromInt: (q: number) => q, step: 0 },
  { code: '64', toInt: (x: number) => x, fromInt: (q: number) => q, step: 0 },
];

for (const { code, toInt, fromInt, step } of FORMATS) {
  for (const [channels, rate] of [[1, 8000], [2, 44100], [6, 192000], [3, 11025]]) {
    test(`decodeWav round-trips wavefile's ${code}-bit ${channels}-channel ${rate} Hz file`, () => {
      const y = noise(channels * 100 + Number.parseInt(code, 10), channels, 777);
      y[0][0] = -1; // full-scale negative is representable in every format
      const w = new WaveFile();
      const stored = y.map((ch) => Array.from(ch, toInt));
      w.fromScratch(channels, rate, code, stored);
      const clip = decodeWav(w.toBuffer(), { fileName: `rt-${code}.wav` });
      assert.equal(clip.sampleRate, rate);
      assert.equal(clip.channels.length, channels);
      for (let c = 0; c < channels; c++) {
        assert.ok(clip.channels[c] instanceof Float32Array);
        assert.equal(clip.channels[c].length, 777);
        // Exactly the stored value, scaled (as float32) …
        assert.equal(maxAbsDiff(clip.channels[c], new Float32Array(stored[c].map(fromInt))), 0);
        // … so within one quantisation step of the original (half a step, except where +1 saturates).
        const err = maxAbsDiff(clip.channels[c], y[c]);
        assert.ok(err <= step + 1.2e-7, `channel ${c}: max error ${err}`);
      }
      assert.equal(clip.channels[0][0], -1);
    });
  }
}

test('decodeWav reads WAVE_FORMAT_EXTENSIBLE PCM (24-bit in 24, 20 valid bits) and float sub-formats', () => {
  const y = noise(5, 2, 300);
  for (const [tag, bits, valid] of [[1, 16, 16], [1, 24, 20], [3, 32, 32], [1, 32, 32]]) {
    const data = new Uint8Array(300 * 2 * (bits / 8));
    const v = new DataView(data.buffer);
    const full = 2 ** (bits - 1);
    for (let i = 0, at = 0; i < 300; i++) {
      for (let c = 0; c < 2; c++, at += bits / 8) {
        const x = y[c][i];
        if (tag === 3) v.setFloat32(at, x, true);
        else if (bits === 16) v.setInt16(at, Math.round(x * full), true);
        else if (bits === 32) v.setInt32(at, Math.round(x * full), true);
        else {
          // 20 valid bits, left-justified in 24: the low 4 bits are zero.
          const q = Math.round(x * 2 ** 19) * 16;
          data[at] = q & 0xff; data[at + 1] = (q >> 8) & 0xff; data[at + 2] = (q >> 16) & 0xff;
        }
      }
    }
    const bytes = buildWav({ formatTag: 0xfffe, channels: 2, sampleRate: 48000, bitsPerSample: bits, data, fmtExtra: extensibleExtra(tag, valid, 3) });
    const clip = decodeWav(bytes, { fileName: 'ext.wav' });
    const tol = tag === 3 ? 0 : 2 ** -valid + 1.2e-7;
    for (let c = 0; c < 2; c++) assert.ok(maxAbsDiff(clip.channels[c], y[c]) <= tol, `tag ${tag} bits ${bits}: ${maxAbsDiff(clip.channels[c], y[c])}`);
  }
});

test('decodeWav reads μ-law and A-law within G.711 quantisation error', () => {
  const n = 2000; // even: wavefile counts an odd data chunk's pad byte as a sample
  const y = sine(440, 8000, n, 0.9);
  const ints = Array.from(y, (x) => Math.round(x * 32767));
  for (const law of ['mu', 'a'] as const) {
    const w = new WaveFile();
    w.fromScratch(1, 8000, '16', ints);
    if (law === 'mu') w.toMuLaw(); else w.toALaw();
    assert.equal((w.fmt as { audioFormat: number }).audioFormat, law === 'mu' ? 7 : 6);
    const clip = decodeWav(w.toBuffer(), { fileName: `${law}law.wav` });
    assert.equal(clip.channels[0].length, n);
    // G.711 keeps 4 mantissa bits per segment: error ≤ 1/32 of the value plus the smallest step.
    for (let i = 0; i < n; i++) {
      const err = Math.abs(clip.channels[0][i] - y[i]);
      assert.ok(err <= Math.abs(y[i]) / 32 + 2e-3, `${law}-law sample ${i}: ${clip.channels[0][i]} vs ${y[i]}`);
    }
  }
});

test('decodeWav skips LIST/junk chunks, odd-sized chunks with pad bytes, and chunks after data', () => {
  const samples = Int16Array.of(-32768, -1, 0, 1, 16384, 32767);
  const bytes = buildWav({
    data: new Uint8Array(samples.buffer),
    before: [['LIST', new TextEncoder().encode('INFOISFT\x05\x00\x00\x00abcde')], ['junk', new Uint8Array(3)]],
    after: [['id3 ', new Uint8Array(11)]],
  });
  const clip = decodeWav(bytes, { fileName: 'chunks.wav' });
  assert.deepEqual(Array.from(clip.channels[0]), Array.from(samples, (s) => s / 32768));
});

test('decodeWav mono option averages the channels', () => {
  const [l, r] = noise(9, 2, 100);
  const w = new WaveFile();
  w.fromScratch(2, 16000, '32f', [l, r]);
  const clip = decodeWav(w.toBuffer(), { mono: true });
  assert.equal(clip.channels.length, 1);
  assert.ok(maxAbsDiff(clip.channels[0], Array.from(l, (x, i) => (x + r[i]) / 2)) < 1e-7);
});

test('decodeWav sampleRate option resamples (44.1 kHz 1 kHz tone → 16 kHz keeps the tone)', () => {
  const w = new WaveFile();
  w.fromScratch(1, 44100, '32f', sine(1000, 44100, 4410));
  const clip = decodeWav(w.toBuffer(), { sampleRate: 16000 });
  assert.equal(clip.sampleRate, 16000);
  assert.equal(clip.channels[0].length, Math.ceil((4410 * 16000) / 44100));
  assert.ok(maxAbsDiff(clip.channels[0], sine(1000, 16000, 1600), 200, 1400) < 1e-4);
});

test('loadAudio reads a file from disk, same result as decodeWav, with mono + sampleRate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rbm-audio-'));
  const w = new WaveFile();
  const [l, r] = noise(3, 2, 2000).map((ch) => Array.from(ch, (x) => Math.round(x * 32767)));
  w.fromScratch(2, 22050, '16', [l, r]);
  const path = join(dir, 'stereo.wav');
  writeFileSync(path, w.toBuffer());
  const clip = await loadAudio(path);
  assert.deepEqual(clip, decodeWav(w.toBuffer()));
  const mono16k = await loadAudio(path, { mono: true, sampleRate: 16000 });
  assert.equal(mono16k.channels.length, 1);
  assert.equal(mono16k.sampleRate, 16000);
  assert.equal(mono16k.channels[0].length, Math.ceil((2000 * 16000) / 22050));
});
