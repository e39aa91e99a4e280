/**
 * Issue 11: features were computed from the whole-signal complex STFT (~31 MB per minute of audio); they are now
 * computed in blocks of FEATURE_BLOCK_FRAMES frames. The blocks must not change a single value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amplitudeToDb, applyMelFilterbank, FeaturePipeline, logCompress, magnitude, melFilterbank, stft } from '../../src/features';
import { FEATURE_BLOCK_FRAMES } from '../../src/features/featureConfig';
import { ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';

const r = new Random(11);
// 3.4 blocks of frames at hop 64, with an odd tail so the last block is partial.
const y = Float32Array.from({ length: Math.round(3.4 * FEATURE_BLOCK_FRAMES * 64) + 37 }, (_, i) => 0.3 * Math.sin(i / 7) + 0.1 * r.normal());

for (const [kind, compression] of [['mel', 'log1p'], ['linear', 'db']] as const) {
  test(`block-wise extract (${kind}, ${compression}) equals the whole-signal STFT → ${kind} → ${compression}, value for value`, () => {
    const fp = new FeaturePipeline({ sampleRate: 8000, nFft: 256, hopLength: 64, nMels: 40, kind, compression });
    const S = magnitude(stft(y, { nFft: 256, hopLength: 64 }));
    const B = kind === 'mel' ? applyMelFilterbank(S, melFilterbank({ sampleRate: 8000, nFft: 256, nMels: 40 })) : S;
    const expected = compression === 'log1p' ? logCompress(B) : amplitudeToDb(B, { ref: 1, amin: 1e-5, topDb: null });
    const got = fp.extract(y);
    assert.equal(got.rows, expected.rows);
    assert.ok(got.rows > 3 * FEATURE_BLOCK_FRAMES);
    assert.equal(got.cols, expected.cols);
    let worst = 0;
    for (let i = 0; i < got.data.length; i++) worst = Math.max(worst, Math.abs(got.data[i] - expected.data[i]));
    assert.ok(worst < 1e-5, `largest difference ${worst}`);
  });
}

test('extract of very short signals (fewer samples than a hop or a window) matches the whole-signal STFT too', () => {
  const fp = new FeaturePipeline({ sampleRate: 8000, nFft: 256, hopLength: 64, nMels: 20 });
  for (const n of [1, 63, 64, 200, 256]) {
    const s = y.subarray(0, n);
    const expected = logCompress(applyMelFilterbank(magnitude(stft(s, { nFft: 256, hopLength: 64 })), melFilterbank({ sampleRate: 8000, nFft: 256, nMels: 20 })));
    const got = fp.extract(s);
    assert.equal(got.rows, expected.rows, `n=${n}`);
    for (let i = 0; i < got.data.length; i++) assert.ok(Math.abs(got.data[i] - expected.data[i]) < 1e-5, `n=${n} i=${i}`);
  }
});

test('a feature matrix beyond the memory limit is refused before it is allocated', () => {
  const saved = process.env.RBM_MUSIC_MEMORY_LIMIT;
  process.env.RBM_MUSIC_MEMORY_LIMIT = '8M'; // the pipeline itself (~4 MB of block buffers at nFft 256) fits
  try {
    const fp = new FeaturePipeline({ sampleRate: 8000, nFft: 256, hopLength: 64, nMels: 40 });
    const long = new Float32Array(64 * 60_000); // 60,001 frames × 40 × 4 bytes = 9.2 MiB
    assert.throws(() => fp.extract(long), (e: unknown) => e instanceof ParameterError && /^features of 3840000 samples \(60001 frames × 40\) needs 9\.16 MiB, more than the 8 MiB memory limit; split the audio/.test(e.message));
  } finally {
    if (saved === undefined) delete process.env.RBM_MUSIC_MEMORY_LIMIT; else process.env.RBM_MUSIC_MEMORY_LIMIT = saved;
  }
});
