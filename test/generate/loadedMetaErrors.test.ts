/**
 * Issue 11: errors caused by a loaded model's saved metadata (its feature pipeline config, its scaler, its feature
 * count) must be ModelFormatErrors that name the model file, also when a library user loads the file with
 * RBM.load / ConditionalRBM.load and hands the model to generate() or rankByModel() (the CLI checks at load).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ModelFormatError } from '../../src/errors';
import { FeaturePipeline } from '../../src/features';
import { generate, rankByModel } from '../../src/generate';
import { ConditionalRBM, initBackend, modelSource, RBM } from '../../src/rbm';

const dir = mkdtempSync(path.join(tmpdir(), 'rbm-meta-'));
const sampleRate = 16000;
const y = Float32Array.from({ length: sampleRate }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / sampleRate) + 0.05 * Math.sin(i * 0.37));
const fp = new FeaturePipeline({ nMels: 16 }).fit([y]);
const good = () => ({ kind: 'rbm-music', version: 1, model: 'rbm', pipeline: fp.toJSON(), nFeatures: 16, styles: [], styleScale: 1 });

/** Damaged metadata, each as a hand edit or a bad training run could leave it. */
const damaged: Record<string, () => Record<string, unknown>> = {
  'bad pipeline config (nFft not a power of two)': () => { const m = good(); (m.pipeline as any).config.nFft = 1000; return m; },
  'scaler of the wrong size': () => { const m = good(); const s = (m.pipeline as any).scaler; s.mean = s.mean.slice(0, 5); s.std = s.std.slice(0, 5); return m; },
  'unfitted scaler': () => { const m = good(); (m.pipeline as any).scaler = null; return m; },
  'feature count that does not fit the model': () => ({ ...good(), nFeatures: 12 }),
  'pipeline of another width than the model': () => { const m = good(); m.pipeline = new FeaturePipeline({ nMels: 8 }).fit([y]).toJSON(); m.nFeatures = 8; return m; },
};

before(async () => { await initBackend({ log: () => {} }); });
after(() => rmSync(dir, { recursive: true, force: true }));

async function saved(kind: 'rbm' | 'crbm', name: string, meta: Record<string, unknown>): Promise<string> {
  const file = path.join(dir, `${kind}-${name.replace(/\W+/g, '-')}.json`);
  const m = kind === 'rbm' ? new RBM({ nVisible: 16, nHidden: 4, visible: 'gaussian', seed: 1 }) : new ConditionalRBM({ nVisible: 16, nHidden: 4, order: 2, visible: 'gaussian', seed: 1 });
  await m.save(file, { meta });
  return file;
}

test('a model loaded from a file with good metadata generates and ranks, and remembers its file', async () => {
  const file = await saved('rbm', 'good', good());
  const m = await RBM.load(file);
  assert.equal(modelSource(m), file);
  assert.equal(modelSource(new RBM({ nVisible: 4, nHidden: 2 })), undefined);
  const clip = await generate(m, { seconds: 0.3, nIter: 2, seed: 1 });
  assert.ok(clip.channels[0].length > 0);
  const ranked = await rankByModel(m, [{ name: 'tone', clip: { sampleRate, channels: [y] } }]);
  assert.equal(ranked.length, 1);
});

for (const [what, meta] of Object.entries(damaged)) {
  test(`RBM.load then generate/rankByModel: ${what} → ModelFormatError naming the file`, async () => {
    const file = await saved('rbm', what, meta());
    const m = await RBM.load(file);
    const named = (e: unknown) => e instanceof ModelFormatError && e.message.includes(file);
    await assert.rejects(generate(m, { seconds: 0.3, nIter: 2, seed: 1 }), named);
    await assert.rejects(rankByModel(m, [{ name: 'tone', clip: { sampleRate, channels: [y] } }]), named);
  });
}

test('ConditionalRBM.load then generate: a scaler of the wrong size → ModelFormatError naming the file', async () => {
  const file = await saved('crbm', 'scaler', damaged['scaler of the wrong size']());
  const m = await ConditionalRBM.load(file);
  await assert.rejects(generate(m, { seconds: 0.3, nIter: 2, seed: 1 }), (e: unknown) => e instanceof ModelFormatError && e.message.includes(file));
});
