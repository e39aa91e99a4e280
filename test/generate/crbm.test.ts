import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeDataset } from '../../src/data';
import { initBackend } from '../../src/rbm';
import { audioQualityReport, generate, trainOnClips } from '../../src/generate';

test('CRBM: sequences far longer than the training clips, and continuation of a prime clip', async () => {
  await initBackend({ log: () => {} });
  const clips = synthesizeDataset({ seed: 3, clips: 4, seconds: 2 });
  const { model, pipeline } = await trainOnClips(clips, { model: 'crbm', nHidden: 32, epochs: 4, seed: 1, order: 3 });
  assert.equal((model.meta as any).model, 'crbm');
  // 8 s from a model whose context is 3 frames (48 ms) and whose longest training clip is 2 s.
  const long = await generate(model, { seconds: 8, seed: 1, gibbsSteps: 5, blockSeconds: 2 });
  assert.equal(long.channels[0].length, 8 * 16000);
  const q = audioQualityReport(long);
  assert.ok(q.rms > 0.02 && q.peak < 1, `rms ${q.rms}, peak ${q.peak}`);
  assert.ok(q.spectralFlatness < 0.25 * q.noiseFlatness, `flatness ${q.spectralFlatness}`);
  // Continuation: the prime's first second is kept sample for sample, then the model carries on.
  const prime = synthesizeDataset({ seed: 77, clips: 1, seconds: 3 })[0].clip;
  const cont = await generate(model, { seconds: 4, seed: 2, prime, primeSeconds: 1, gibbsSteps: 5 });
  const y = cont.channels[0];
  assert.equal(y.length, 4 * 16000);
  const keep = 16000 - Math.round(0.25 * pipeline.frameRate) * pipeline.config.hopLength; // before the crossfade
  for (let i = 0; i < keep; i += 97) assert.equal(y[i], prime.channels[0][i]);
  // What follows is new audio, not the rest of the prime clip.
  let diff = 0;
  for (let i = 2 * 16000; i < 3 * 16000; i++) diff += Math.abs(y[i] - prime.channels[0][i]);
  assert.ok(diff / 16000 > 0.01, `continuation equals the original (${diff / 16000})`);
});

test('CRBM style: the clamped style units condition every frame through the history (centroid follows the style)', async () => {
  await initBackend({ log: () => {} });
  const clips = synthesizeDataset({ seed: 1, clips: 8, seconds: 3 });
  const { model } = await trainOnClips(clips, { model: 'crbm', styles: true, nHidden: 32, epochs: 4, seed: 1, styleScale: 3 });
  const centroid = (s: string): number => {
    const mine = clips.filter((c) => c.style === s);
    return mine.reduce((sum, c) => sum + audioQualityReport(c.clip).spectralCentroid, 0) / mine.length;
  };
  const dataDiff = centroid('arpeggio') - centroid('chords');
  for (const seed of [1, 2]) {
    const gen = async (style: string): Promise<number> => audioQualityReport(await generate(model, { seconds: 3, seed, style, gibbsSteps: 5 })).spectralCentroid;
    const [c, a] = [await gen('chords'), await gen('arpeggio')];
    assert.ok(a - c > 0.1 * dataDiff, `seed ${seed}: arpeggio ${a.toFixed(0)} Hz vs chords ${c.toFixed(0)} Hz (data differ by ${dataDiff.toFixed(0)} Hz)`);
  }
});
