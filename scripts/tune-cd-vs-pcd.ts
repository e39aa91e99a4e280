/**
 * The learning-rate tuning behind notebook 03's CD-1 vs PCD-1 comparison (issue 10): each method gets the
 * same small grid (learning rate × final momentum, 10 chains = batch 10; PCD also with 30 chains) on bars and
 * stripes, 40 epochs, and is judged by the mean exact log-likelihood of its last 5 epochs (the curves wobble,
 * so the last epoch alone would reward luck). The notebook then runs each method at its own best setting.
 *
 *   npx tsx scripts/tune-cd-vs-pcd.ts          # ~15 trials, 20–60 s each on 2 shared cores
 */
import { RBM, initBackend, barsAndStripes, exactLogLikelihood } from '../src/rbm';
import { concatRows } from '../src/util';

type Trial = { method: 'cd' | 'pcd'; batchSize: number; learningRate: number; finalMomentum: number };

async function main(): Promise<void> {
  console.log('engine:', await initBackend({ log: () => {} }));
  const patterns = barsAndStripes(4);
  const train = concatRows(Array.from({ length: 20 }, () => patterns));
  const trials: Trial[] = [];
  for (const method of ['cd', 'pcd'] as const) {
    for (const learningRate of [0.01, 0.03, 0.1]) {
      for (const finalMomentum of [0.5, 0.9]) trials.push({ method, batchSize: 10, learningRate, finalMomentum });
    }
  }
  for (const learningRate of [0.03, 0.1]) trials.push({ method: 'pcd', batchSize: 30, learningRate, finalMomentum: 0.5 });
  for (const t of trials) {
    const r = new RBM({ nVisible: 16, nHidden: 20, seed: 1 });
    const ll: number[] = [];
    // Momentum 0.5 for the first 5 epochs, then the trial's (Hinton's guide §9; pinned: the Bernoulli default is 0).
    await r.fit(train, { ...t, epochs: 40, k: 1, sampleVisible: true, learningRateDecay: 1, initialMomentum: 0.5,
      momentumSwitchEpoch: 5, weightDecay: 1e-4,
      onEpoch: () => { ll.push(exactLogLikelihood(r, patterns)); } });
    const last5 = ll.slice(-5).reduce((a, b) => a + b, 0) / 5;
    console.log(`${t.method.padEnd(4)} chains ${t.batchSize}  lr ${t.learningRate}  momentum ${t.finalMomentum}`
      + `  last-5 mean ${last5.toFixed(3)}  best ${Math.max(...ll).toFixed(3)}`);
  }
}

main();
