/**
 * Generation variants on the bundled data, at the CLI training defaults (`rbm-music train`, RBM and `--model crbm`):
 * trains each model once, generates 10 s with every variant over 3 seeds, and prints the listener-facing numbers:
 * spectral flatness (white noise ≈ 0.56), top-peak energy share, spectral flux (audioQualityReport), frame-to-frame
 * change (median RMS step between consecutive frames in the model's own standardised feature space, from the audio)
 * and novelty versus the training passage. The training data's own flux and frame change are printed first.
 * Run: `npx tsx bench/generate.bench.ts [rbm|crbm]`. No Python peer: this measures sound, not speed.
 */
import { loadDataset } from '../src/data';
import { initBackend } from '../src/rbm';
import { existsSync } from 'node:fs';
import { audioQualityReport, frameChange, generate, type GenerateOptions, loadMusicModel, modelPipeline, qualityFrames, RbmFrameSource, SequenceFrameSource, trainOnClips } from '../src/generate';
import type { Matrix } from '../src/types';
import { CLI_TRAIN_EPOCHS } from '../src/cli/commands/train';

const SEEDS = [1, 2, 3];

// Records the feature frames the model emits (before Griffin-Lim), so frame change is measured where the model acts.
let recorded: Matrix[] = [];
for (const Source of [RbmFrameSource, SequenceFrameSource]) {
  const next = Source.prototype.next;
  Source.prototype.next = function (this: any, n: number): Matrix { const m = next.call(this, n); recorded.push(m); return m; };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (xs: number[]): string => `${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3)} [${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}]`;

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'both';
  await initBackend({ log: () => {} });
  const clips = await loadDataset('openmsx');
  const train = clips[0].clip.channels[0].subarray(0, 30 * clips[0].clip.sampleRate);
  const trainingFrames = qualityFrames(train);
  const variants: Record<string, Array<[string, GenerateOptions]>> = {
    rbm: JSON.parse(process.env.RBM_VARIANTS ?? 'null') ?? [
      ['default', {}],
      ['thin 2', { thin: 2 }],
      ['thin 4', { thin: 4 }],
      ['smooth 0', { smoothFrames: 0 }],
      ['pulse 0.5 s', { pulse: { everySeconds: 0.5, steps: 1, temperature: 30 } }],
      ['pulse 0.25 s', { pulse: { everySeconds: 0.25, steps: 1, temperature: 30 } }],
    ],
    crbm: JSON.parse(process.env.CRBM_VARIANTS ?? 'null') ?? [['default', {}]],
  };
  for (const kind of ['rbm', 'crbm'] as const) {
    if (which !== 'both' && which !== kind) continue;
    const t0 = performance.now();
    // GENERATE_BENCH_CACHE=dir keeps the trained models between runs (training dominates the run time).
    const cache = process.env.GENERATE_BENCH_CACHE ? `${process.env.GENERATE_BENCH_CACHE}/${kind}.json` : undefined;
    let model: any;
    if (cache && existsSync(cache)) model = await loadMusicModel(cache);
    else {
      model = (await trainOnClips(clips, { model: kind, epochs: CLI_TRAIN_EPOCHS, seed: 0 })).model;
      if (cache) await model.save(cache, { force: true });
    }
    const pipeline = modelPipeline(model);
    console.log(`\n${kind.toUpperCase()} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const real = audioQualityReport({ sampleRate: clips[0].clip.sampleRate, channels: [train] });
    console.log(`training passage (30 s): flatness ${real.spectralFlatness.toFixed(3)}, peak share ${real.peakEnergyFraction.toFixed(3)}, flux ${real.spectralFlux.toFixed(3)}, frame change ${frameChange(pipeline.transform(train)).toFixed(3)}`);
    console.log('variant | flatness | top-peak share | flux | frame change | novelty | peak');
    for (const [name, opts] of variants[kind]) {
      const r: Record<string, number[]> = { flat: [], share: [], flux: [], change: [], nov: [], peak: [] };
      for (const seed of SEEDS) {
        recorded = [];
        const clip = await generate(model as any, { seconds: 10, seed, ...opts });
        const q = audioQualityReport(clip, { trainingFrames });
        r.flat.push(q.spectralFlatness); r.share.push(q.peakEnergyFraction); r.flux.push(q.spectralFlux);
        r.change.push(median(recorded.map(frameChange))); r.nov.push(q.novelty ?? NaN); r.peak.push(q.peak);
      }
      console.log(`${name} | ${fmt(r.flat)} | ${fmt(r.share)} | ${fmt(r.flux)} | ${fmt(r.change)} | ${fmt(r.nov)} | ${fmt(r.peak)}`);
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
