import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeMusic, synthesizeDataset } from '../../src/data';
import { ParameterError } from '../../src/errors';
import { centroid, medianFrameFlatness, peakOf, powerSpectrum, rmsOf } from './spectrum';

test('synthesizeMusic: same seed → identical samples, different seed → different; length and level as asked', () => {
  const a = synthesizeMusic({ seed: 5, seconds: 2 });
  const b = synthesizeMusic({ seed: 5, seconds: 2 });
  const c = synthesizeMusic({ seed: 6, seconds: 2 });
  assert.deepEqual(a.channels[0], b.channels[0]);
  assert.notDeepEqual(a.channels[0], c.channels[0]);
  assert.equal(a.channels[0].length, 32000);
  assert.equal(a.sampleRate, 16000);
  assert.ok(Math.abs(peakOf(a.channels[0]) - 10 ** (-3 / 20)) < 1e-4);
  assert.equal(synthesizeMusic({ seed: 1, seconds: 0.5, sampleRate: 8000 }).channels[0].length, 4000);
});

test('synthesizeMusic: both styles are tonal and differ clearly in spectral centroid (5 seeds each)', () => {
  for (let seed = 0; seed < 5; seed++) {
    const chords = synthesizeMusic({ seed, style: 'chords' }).channels[0];
    const arps = synthesizeMusic({ seed, style: 'arpeggio' }).channels[0];
    const cc = centroid(powerSpectrum(chords), 16000), ca = centroid(powerSpectrum(arps), 16000);
    // Chords sit around E2–D#3 with 6 harmonics; arpeggios two octaves up with 3: centroids ~4× apart.
    assert.ok(ca > 2 * cc, `seed ${seed}: arpeggio centroid ${ca.toFixed(0)} Hz vs chords ${cc.toFixed(0)} Hz`);
    for (const y of [chords, arps]) {
      assert.ok(rmsOf(y) > 0.05);
      assert.ok(medianFrameFlatness(y) < 0.2, `flatness ${medianFrameFlatness(y)}`); // white noise ≈ 0.56
    }
  }
});

test('synthesizeDataset: alternating style labels, unique names, seeded', () => {
  const set = synthesizeDataset({ seed: 1, clips: 5, seconds: 0.5 });
  assert.deepEqual(set.map((c) => c.style), ['chords', 'arpeggio', 'chords', 'arpeggio', 'chords']);
  assert.equal(new Set(set.map((c) => c.name)).size, 5);
  assert.deepEqual(synthesizeDataset({ seed: 1, clips: 5, seconds: 0.5 }).map((c) => c.clip.channels[0]), set.map((c) => c.clip.channels[0]));
  assert.notDeepEqual(synthesizeDataset({ seed: 2, clips: 5, seconds: 0.5 })[0].clip.channels[0], set[0].clip.channels[0]);
  assert.deepEqual(synthesizeDataset({ seed: 1, clips: 2, seconds: 0.5, styles: ['arpeggio'] }).map((c) => c.style), ['arpeggio', 'arpeggio']);
});

test('synthesizeMusic / synthesizeDataset: bad options give ParameterError naming the option', () => {
  assert.throws(() => synthesizeMusic({ seed: NaN }), (e: Error) => e instanceof ParameterError && /seed=NaN/.test(e.message));
  assert.throws(() => synthesizeMusic({ seed: 1, seconds: 0 }), (e: Error) => e instanceof ParameterError && /seconds=0/.test(e.message));
  assert.throws(() => synthesizeMusic({ seed: 1, style: 'polka' as never }), (e: Error) => e instanceof ParameterError && /polka/.test(e.message));
  assert.throws(() => synthesizeMusic({ seed: 1, harmonics: 0 }), (e: Error) => e instanceof ParameterError && /harmonics=0/.test(e.message));
  assert.throws(() => synthesizeDataset({ seed: 1, clips: 1.5 }), (e: Error) => e instanceof ParameterError && /clips=1.5/.test(e.message));
});
