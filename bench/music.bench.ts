/**
 * `npm run bench -- music`: does generated music move like music? (issue 9). Trains each model kind exactly as
 * `rbm-music train [--model kind]` does (bundled OpenMSX data: 12 songs × their first 30 s), generates 10 s per
 * seed as `rbm-music generate --seconds 10 --seed N` does, and also continues a held-out real clip (2 s prime, the
 * 10 s after it measured). Real figures come from held-out audio of the same songs (30–60 s into each: split in
 * time), cut into 10 s segments. Printed per model, median [min–max] over seeds, with pass/fail against the targets:
 * onset periodicity ≥ 0.35, change over 1 s ≥ 0.06, flatness ≤ 0.04, no static drone (every seed), classifier
 * two-sample accuracy ≤ 0.85, training ≤ 120 s. Held-out prediction error at horizons 1, 10, 50 frames is printed
 * beside the persistence and mean-frame forecasts.
 *
 * Options (after `--`): `--seeds 8` `--models rbm,crbm[,rnnrbm]` `--epochs N` (default: the CLI's for each kind) `--no-primed`
 * `--real-segments 36` `--json out/music-bench.json` `--set key=value` (a trainOnClips option, e.g. order=8) `--gen key=value` (a generate option)
 * `--cache dir` (keep trained models between runs while trying generation options; training time is then not measured).
 * Small while developing: `npm run bench -- music --seeds 2 --models rbm`. Models: rbm, crbm, rnnrbm.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadDataset } from '../src/data';
import { initBackend } from '../src/rbm';
import { generate, loadMusicModel, modelPipeline, trainOnClips } from '../src/generate';
import { spectralFlatness } from '../src/generate/quality';
import { structureReport, type StructureReport } from '../src/generate/structure';
import { classifierTwoSampleTest, snippetFeatures } from '../src/generate/twoSample';
import { forecastError, type Forecaster, rbmForecaster, recurrentForecaster, sequenceForecaster } from '../src/generate/forecast';
import { CLI_DEFAULT_HISTORY, CLI_TRAIN_EPOCHS_BY_MODEL } from '../src/cli/commands/train';
import type { AudioClip } from '../src/types';

const TARGETS = { periodicity: 0.35, change1s: 0.06, flatness: 0.04, classifier: 0.85, trainSeconds: 120 };
const SR = 16000, SEG = 10 * SR;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}
function pairs(name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  process.argv.forEach((a, i) => {
    if (a !== `--${name}`) return;
    const [k, v] = process.argv[i + 1].split('=');
    out[k] = v === 'true' ? true : v === 'false' ? false : Number.isNaN(Number(v)) ? (v.startsWith('{') || v.startsWith('[') ? JSON.parse(v) : v) : Number(v);
  });
  return out;
}

interface SegmentStats extends StructureReport { flatness: number }
function measure(y: Float32Array): SegmentStats {
  return { ...structureReport(y), flatness: spectralFlatness(y, SR) };
}

const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
const med = (xs: number[]): number => sorted(xs)[xs.length >> 1];
const f3 = (x: number): string => x.toFixed(3);
const span = (xs: number[]): string => `${f3(med(xs))} [${f3(Math.min(...xs))}–${f3(Math.max(...xs))}]`;

async function main(): Promise<void> {
  const nSeeds = Number(flag('seeds', '8'));
  const models = flag('models', 'rbm,crbm').split(',');
  const epochsFlag = flag('epochs', '');
  const primed = !process.argv.includes('--no-primed');
  const nReal = Number(flag('real-segments', '36'));
  const jsonPath = flag('json', '');
  const trainSet = pairs('set'), genSet = pairs('gen');
  const t0 = performance.now();
  await initBackend({ log: () => {} });
  const clips = await loadDataset('openmsx');
  const held = await loadDataset('openmsx', { offsetSeconds: 30 });
  const realSegs: Float32Array[] = [];
  for (let s = 0; s < 3; s++) for (const c of held) if (realSegs.length < nReal) realSegs.push(c.clip.channels[0].subarray(s * SEG, (s + 1) * SEG));
  const real = realSegs.map(measure);
  const realFeat = realSegs.map((y) => snippetFeatures(y));
  console.log(`data: ${clips.length} training clips × 30 s, ${realSegs.length} held-out real 10 s segments (30–60 s into the same songs); ${nSeeds} seeds; load average ${require('node:os').loadavg().map((x: number) => x.toFixed(2)).join(' ')}`);

  type Row = { name: string; trainSeconds?: number; trainCpu?: number; stats: SegmentStats[]; classifier?: number; forecast?: ReturnType<typeof forecastError> };
  const rows: Row[] = [{ name: 'real (held out)', stats: real }];
  // Splitting the real segments in two halves gives the classifier's floor: real vs real should be ≈ 0.5.
  const half = realFeat.length >> 1;
  rows[0].classifier = classifierTwoSampleTest(realFeat.slice(0, half), realFeat.slice(half), { seed: 1 }).accuracy;

  for (const kind of models) {
    const t1 = performance.now();
    const cacheDir = flag('cache', '');
    const epochs = epochsFlag ? Number(epochsFlag) : CLI_TRAIN_EPOCHS_BY_MODEL[kind as keyof typeof CLI_TRAIN_EPOCHS_BY_MODEL];
    const cached = cacheDir ? path.join(cacheDir, `${kind}-${epochs}-${JSON.stringify(trainSet).replace(/[^a-z0-9=,.-]/gi, '')}.json`) : '';
    let model: any, trainSeconds: number | undefined, trainCpu: number | undefined;
    if (cached && existsSync(cached)) model = await loadMusicModel(cached);
    else {
      const cpu0 = process.cpuUsage();
      // The CLI's CRBM history (multi-scale, 2 s) unless --set history=… says otherwise: trainOnClips' own default is
      // the classic order-3 history, which is not what `rbm-music train` trains.
      model = (await trainOnClips(clips, { model: kind as any, epochs, seed: 0, ...(kind === 'crbm' ? { history: CLI_DEFAULT_HISTORY } : {}), ...trainSet } as any)).model;
      trainSeconds = (performance.now() - t1) / 1000;
      // CPU seconds of this process: what training costs on an idle machine (the 2 cores are shared today).
      const cpu = process.cpuUsage(cpu0);
      trainCpu = (cpu.user + cpu.system) / 1e6;
      if (cached) { mkdirSync(cacheDir, { recursive: true }); await model.save(cached, { force: true }); }
    }
    console.log(`  ${kind}: ${model} ${trainSeconds === undefined ? '(cached)' : `trained in ${trainSeconds.toFixed(1)} s wall, ${trainCpu!.toFixed(1)} s CPU`}`);
    const pipeline = modelPipeline(model);
    const sequences = held.map((c) => pipeline.transform(c.clip.channels[0]));
    const forecaster: Forecaster = typeof model.nRecurrent === 'number' ? recurrentForecaster(model)
      : typeof model.order === 'number' ? sequenceForecaster(model)
        : kind === 'mpcrbm' ? sequenceForecaster({ order: model.span, span: model.span, nVisible: model.nVisible, predictNext: (h) => model.predictNext(h) })
          : rbmForecaster(model.params());
    const forecast = forecastError(sequences, forecaster);
    for (const mode of primed ? ['free', 'primed'] : ['free']) {
      const gen: Float32Array[] = [];
      for (let seed = 1; seed <= nSeeds; seed++) {
        if (mode === 'free') gen.push((await generate(model, { seconds: 10, seed, ...genSet })).channels[0]);
        else {
          const prime: AudioClip = { sampleRate: SR, channels: [held[(seed - 1) % held.length].clip.channels[0]] };
          // The 10 s after the prime and its 0.25 s crossfade.
          const y = (await generate(model, { seconds: 12.25, seed, prime, primeSeconds: 2, ...genSet })).channels[0];
          gen.push(y.slice(2.25 * SR, 12.25 * SR));
        }
      }
      const classifier = classifierTwoSampleTest(realFeat, gen.map((y) => snippetFeatures(y)), { seed: 1 }).accuracy;
      rows.push({ name: `${kind} ${mode === 'free' ? '(generate)' : '(continue prime)'}`, trainSeconds, trainCpu, stats: gen.map(measure), classifier, forecast: mode === 'free' ? forecast : undefined });
      console.log(`  ${kind} ${mode}: done at ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  }

  console.log(`\nmedian [min–max] over segments (real) or seeds (models); targets: periodicity ≥ ${TARGETS.periodicity}, change 1 s ≥ ${TARGETS.change1s}, flatness ≤ ${TARGETS.flatness}, no drone — every seed; classifier ≤ ${TARGETS.classifier}; training ≤ ${TARGETS.trainSeconds} CPU s`);
  console.log('| | onset periodicity | change 1 s | change 4 s | flatness | drones | classifier acc. | train s (CPU; wall) | verdict |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const col = (k: keyof SegmentStats): number[] => r.stats.map((s) => s[k] as number);
    const drones = r.stats.filter((s) => s.staticDrone).length;
    const fails: string[] = [];
    if (r.name !== 'real (held out)') {
      if (Math.min(...col('periodicity')) < TARGETS.periodicity) fails.push('periodicity');
      if (Math.min(...col('change1s')) < TARGETS.change1s) fails.push('change');
      if (Math.max(...col('flatness')) > TARGETS.flatness) fails.push('flatness');
      if (drones > 0) fails.push('drone');
      if ((r.classifier ?? 1) > TARGETS.classifier) fails.push('classifier');
      if ((r.trainCpu ?? 0) > TARGETS.trainSeconds) fails.push('time');
    }
    const verdict = r.name === 'real (held out)' ? '(reference; classifier = real vs real)' : fails.length ? `FAIL: ${fails.join(', ')}` : 'pass';
    console.log(`| ${r.name} | ${span(col('periodicity'))} | ${span(col('change1s'))} | ${span(col('change4s'))} | ${span(col('flatness'))} | ${drones}/${r.stats.length} | ${r.classifier === undefined ? '' : f3(r.classifier)} | ${r.trainSeconds === undefined ? '' : `${r.trainCpu!.toFixed(0)}; ${r.trainSeconds.toFixed(0)}`} | ${verdict} |`);
  }
  console.log('\nheld-out prediction error (MSE per standardised feature; lower is better) at horizons 1 / 10 / 50 frames (16 ms / 0.16 s / 0.8 s)');
  console.log('| model | model | persistence (last frame) | mean frame |');
  console.log('|---|---|---|---|');
  for (const r of rows) if (r.forecast) console.log(`| ${r.name.split(' ')[0]} | ${r.forecast.model.map(f3).join(' / ')} | ${r.forecast.persistence.map(f3).join(' / ')} | ${r.forecast.mean.map(f3).join(' / ')} |`);
  console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${require('node:os').loadavg().map((x: number) => x.toFixed(2)).join(' ')}`);
  if (jsonPath) {
    mkdirSync(path.dirname(path.resolve(jsonPath)), { recursive: true });
    writeFileSync(jsonPath, JSON.stringify({ targets: TARGETS, seeds: nSeeds, epochs: epochsFlag || CLI_TRAIN_EPOCHS_BY_MODEL, trainSet, genSet, rows }, null, 1));
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
