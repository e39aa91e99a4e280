/**
 * trainOnClips' σ choice (issue 8): fixed σ = 1 for a frame RBM without style units (it scored higher on held-out
 * real music), learned σ with style units (clamping them steers generation only with their learned small σ), and
 * an explicit `sigma` always wins.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeDataset } from '../../src/data';
import { trainOnClips } from '../../src/generate';
import type { RBM } from '../../src/rbm';

const clips = synthesizeDataset({ seed: 5, clips: 2, seconds: 1 });
const small = { nHidden: 8, epochs: 1, features: { nMels: 16 } };
const sigmas = (m: RBM) => Array.from(m.logSigma!, Math.exp);

test('no style units: σ is fixed at 1 and stays there', async () => {
  const { model } = await trainOnClips(clips, small);
  const rbm = model as RBM;
  assert.equal(rbm.learnSigma, false);
  assert.ok(sigmas(rbm).every((s) => Math.abs(s - 1) < 1e-6), String(sigmas(rbm)));
});

test("style units: σ is learned; an explicit sigma overrides the choice", async () => {
  const styled = (await trainOnClips(clips, { ...small, styles: true })).model as RBM;
  assert.equal(styled.learnSigma, true);
  const learned = (await trainOnClips(clips, { ...small, sigma: 'learned' })).model as RBM;
  assert.equal(learned.learnSigma, true);
  const half = (await trainOnClips(clips, { ...small, styles: true, sigma: 0.5 })).model as RBM;
  assert.equal(half.learnSigma, false);
  assert.ok(sigmas(half).every((s) => Math.abs(s - 0.5) < 1e-6));
});
