import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDataset } from '../../src/data';
import { loadAudio } from '../../src/audio';
import { initBackend } from '../../src/rbm';
import { audioQualityReport, generateToFile, qualityFrames, trainOnClips } from '../../src/generate';
import { concatRows } from '../../src/util/matrix';

test('bundled music → train (defaults, half the data) → generate a 5 s WAV → it passes the listener checks', async () => {
  await initBackend({ log: () => {} });
  // Half the bundled set (6 tracks × 20 s) and every training default (256 hidden units, 20 epochs: ~4 s here).
  const clips = await loadDataset('openmsx', { maxClips: 6, clipSeconds: 20 });
  const { model, pipeline } = await trainOnClips(clips, { seed: 1 });
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'rbm-e2e-')), 'gen.wav');
  await generateToFile(model, out, { seconds: 5, seed: 1 }); // every generation default
  const clip = await loadAudio(out);
  const trainingFrames = concatRows(clips.map((c) => qualityFrames(c.clip.channels[0])));
  const q = audioQualityReport(clip, { trainingFrames });
  // Reference for "a copy": a training passage resynthesised through the same features and Griffin-Lim, i.e. what
  // a model that memorised its data would output. A verbatim copy scores ≈ 0.
  const passage = clips[1].clip.channels[0].slice(16000 * 4, 16000 * 9);
  const glCopy = audioQualityReport({ sampleRate: 16000, channels: [pipeline.toAudio(pipeline.transform(passage), { nIter: 32, seed: 1 })] }, { trainingFrames });
  const verbatim = audioQualityReport({ sampleRate: 16000, channels: [passage] }, { trainingFrames });
  console.log(`generated: rms ${q.rms.toFixed(3)}, peak ${q.peak.toFixed(3)}, flatness ${q.spectralFlatness.toFixed(4)} (noise ${q.noiseFlatness.toFixed(3)}), ` +
    `peak-energy fraction ${q.peakEnergyFraction.toFixed(3)} (noise ${q.noisePeakEnergyFraction.toFixed(3)}), flux ${q.spectralFlux.toFixed(3)}, novelty ${q.novelty!.toFixed(2)} ` +
    `(Griffin-Lim copy ${glCopy.novelty!.toFixed(2)}, verbatim copy ${verbatim.novelty!.toFixed(2)})`);
  assert.ok(Math.abs(q.seconds - 5) < 1e-9);
  assert.ok(q.rms > 0.02, `silent: rms ${q.rms}`); // −34 dBFS: clearly audible
  assert.ok(q.peak < 1, `clipped: peak ${q.peak}`);
  assert.ok(q.spectralFlatness < 0.25 * q.noiseFlatness, `noise-like: flatness ${q.spectralFlatness} vs white noise ${q.noiseFlatness}`);
  assert.ok(q.peakEnergyFraction > q.noisePeakEnergyFraction + 0.3, `not tonal: ${q.peakEnergyFraction} of the energy in the top peaks (noise ${q.noisePeakEnergyFraction})`);
  assert.ok(verbatim.novelty! < 0.1);
  assert.ok(q.novelty! > 1.3 * glCopy.novelty!, `too close to the training data: novelty ${q.novelty} vs a resynthesised copy's ${glCopy.novelty}`);
});
