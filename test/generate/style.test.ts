import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeDataset } from '../../src/data';
import { initBackend } from '../../src/rbm';
import { audioQualityReport, generate, qualityFrames, trainOnClips } from '../../src/generate';
import { concatRows } from '../../src/util/matrix';
import { ParameterError } from '../../src/errors';
import type { Matrix } from '../../src/types';

function meanFrame(X: Matrix): Float64Array {
  const m = new Float64Array(X.cols);
  for (let t = 0; t < X.rows; t++) for (let f = 0; f < X.cols; f++) m[f] += X.data[t * X.cols + f] / X.rows;
  return m;
}
const dist = (a: Float64Array, b: Float64Array): number => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0));

test('clamping the style units picks the style: output matches that style (spectral centroid and nearest style mean)', async () => {
  await initBackend({ log: () => {} });
  const clips = synthesizeDataset({ seed: 1, clips: 8, seconds: 4 });
  // styleScale 3: the two label units must hold their own against 128 feature units in the hidden inputs.
  const { model } = await trainOnClips(clips, { styles: true, nHidden: 64, epochs: 8, seed: 1, styleScale: 3 });
  assert.deepEqual((model.meta as any).styles, ['arpeggio', 'chords']);
  // Style means in the level-independent log-band space of the quality report (generated clips are
  // peak-normalised, so raw feature levels would compare loudness, not style), and each style's centroid.
  const styleMean: Record<string, Float64Array> = {};
  const dataCentroid: Record<string, number> = {};
  for (const s of ['chords', 'arpeggio']) {
    const mine = clips.filter((c) => c.style === s);
    styleMean[s] = meanFrame(concatRows(mine.map((c) => qualityFrames(c.clip.channels[0]))));
    dataCentroid[s] = mine.reduce((sum, c) => sum + audioQualityReport(c.clip).spectralCentroid, 0) / mine.length;
  }
  const centroid: Record<string, number[]> = { chords: [], arpeggio: [] };
  for (const seed of [1, 2]) {
    for (const s of ['chords', 'arpeggio']) {
      const clip = await generate(model, { seconds: 3, seed, style: s, burnIn: 100 });
      const m = meanFrame(qualityFrames(clip.channels[0]));
      const other = s === 'chords' ? 'arpeggio' : 'chords';
      // A nearest-style-mean classifier on the generated features recognises the clamped style…
      assert.ok(dist(m, styleMean[s]) < dist(m, styleMean[other]), `seed ${seed}, style ${s}: closer to ${other}`);
      centroid[s].push(audioQualityReport(clip).spectralCentroid);
    }
  }
  // …and brightness moves the way the data's does, by a good part of the data's own difference.
  const gen = (s: string): number => centroid[s].reduce((a, b) => a + b) / centroid[s].length;
  const genDiff = gen('arpeggio') - gen('chords');
  const dataDiff = dataCentroid.arpeggio - dataCentroid.chords;
  console.log(`spectral centroid: data chords ${dataCentroid.chords.toFixed(0)} Hz, arpeggio ${dataCentroid.arpeggio.toFixed(0)} Hz; generated chords ${gen('chords').toFixed(0)} Hz, arpeggio ${gen('arpeggio').toFixed(0)} Hz`);
  assert.ok(Math.sign(genDiff) === Math.sign(dataDiff) && Math.abs(genDiff) > 0.25 * Math.abs(dataDiff), `generated difference ${genDiff.toFixed(0)} Hz vs data ${dataDiff.toFixed(0)} Hz`);
  await assert.rejects(generate(model, { seconds: 1, style: 'jazz' }), (e: Error) => e instanceof ParameterError && /'jazz' is not one of the model's styles: arpeggio, chords/.test(e.message));
});
