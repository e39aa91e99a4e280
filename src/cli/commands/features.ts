/**
 * `rbm-music features`: audio (a WAV file, a folder, or the bundled data set) → a features file (see
 * src/data/featureFile.ts for the format) plus a spectrogram picture (SVG by default, or PNG).
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { loadAudio } from '../../audio';
import { FeaturePipeline, DEFAULT_FEATURE_CONFIG } from '../../features';
import { FileExistsError, ParameterError } from '../../errors';
import { atomicWriteFile } from '../../util/atomicWrite';
import { concatRows } from '../../util/matrix';
import type { Matrix } from '../../types';
import { DATASET_NAMES, loadAudioFolder, loadDataset, saveFeatureFile, type DatasetClip } from '../../data';
import { createProgress } from '../progress';
import { positiveInt, positiveNumber, sampleRateFlag } from '../parse';
import { renderSpectrogramPng, renderSpectrogramSvg } from '../renderSpectrogram';
import { outputFileFlag, refuseInputAsOutput } from '../outputPath';

interface FeaturesOptions {
  out?: string; kind: 'mel' | 'linear'; nMels: number; nFft: number; hop?: number; sampleRate: number;
  png?: boolean; svg?: boolean; image: boolean; force?: boolean; dataset: string; clips?: number; seconds?: number;
}

/** Adds `features` to the program. */
export function registerFeatures(program: Command): void {
  const d = DEFAULT_FEATURE_CONFIG;
  program.command('features')
    .description('extract spectral features from a WAV file, a folder of WAV files, or (no input) the bundled data set; ' +
      'writes a features file (JSON header + float32 frames) and a spectrogram picture')
    .argument('[input]', 'WAV file or folder (default: the data set named by --dataset)')
    .option('-o, --out <file>', 'features file to write (default: <input name>.features in the current folder)')
    .addOption(new Option('--kind <kind>', 'mel bands or linear STFT bins').choices(['mel', 'linear']).default(d.kind))
    .option('--n-mels <n>', 'mel bands', positiveInt('--n-mels'), d.nMels)
    .option('--n-fft <n>', 'FFT size (power of two)', positiveInt('--n-fft'), d.nFft)
    .option('--hop <n>', 'hop length in samples (default nFft/4)', positiveInt('--hop'))
    .option('--sample-rate <hz>', 'resample the audio to this rate', sampleRateFlag('--sample-rate'), d.sampleRate)
    .option('--svg', 'write the spectrogram picture as SVG (the default)')
    .option('--png', 'write the spectrogram picture as PNG instead')
    .option('--no-image', 'write no picture')
    .option('-f, --force', 'overwrite existing output files')
    .addOption(new Option('-d, --dataset <name>', 'data set to use when no input is given').choices([...DATASET_NAMES]).default('openmsx'))
    .option('-n, --clips <n>', 'clips of the data set (no input only)', positiveInt('--clips'))
    .option('-s, --seconds <s>', 'seconds per data set clip (no input only)', positiveNumber('--seconds'))
    .addHelpText('after', '\nFeatures file: "RBMFEAT1", uint32 LE header length, JSON header (shape, pipeline, clips), zero padding to ' +
      '4 bytes, then rows × cols float32 LE frames (see src/data/featureFile.ts; loadFeatureFile reads it).\n\nExamples:\n  rbm-music features\n  rbm-music features song.wav --kind linear --png\n  rbm-music features my-music/ --n-mels 64 -o mine.features')
    .action(async (input: string | undefined, opts: FeaturesOptions, cmd: Command) => {
      const { quiet } = cmd.optsWithGlobals<{ quiet?: boolean }>();
      const started = performance.now();
      if (opts.png && opts.svg) throw new ParameterError('--png and --svg are exclusive: pick one picture format');
      const base = input === undefined ? opts.dataset : path.basename(path.resolve(input)).replace(/\.[^.]*$/, '');
      const out = outputFileFlag(opts.out ?? `${base}.features`, '--out', 'mine.features');
      const image = opts.image ? out.replace(/\.features$/, '') + (opts.png ? '.png' : '.svg') : undefined;
      for (const f of [out, image]) {
        if (f && existsSync(f) && !opts.force) throw new FileExistsError(`${f} already exists; pass --force to overwrite it`);
      }
      const pipeline = new FeaturePipeline({
        kind: opts.kind, nMels: opts.nMels, nFft: opts.nFft, hopLength: opts.hop ?? opts.nFft / 4, sampleRate: opts.sampleRate,
      });
      const clips = await readInput(input, opts, quiet);
      const inputs = clips.map((c) => c.path);
      refuseInputAsOutput(out, inputs, '--out');
      if (image) refuseInputAsOutput(image, inputs, 'the spectrogram picture');
      const progress = createProgress({ quiet });
      progress.start(clips.length + 1, 'features');
      // Each clip is extracted once (block by block, see FeaturePipeline.extract) and its audio let go at once:
      // memory then holds the features, not every clip's audio and spectrogram (issue 11: 31 MB per minute before).
      const parts = clips.map((c, i) => {
        const E = pipeline.extract(c.clip);
        (c as { clip?: unknown }).clip = undefined;
        progress.update(i + 1, c.name);
        return E;
      });
      let row = 0;
      const index = clips.map((c, i) => ({ name: c.name, style: c.style, path: c.path, startRow: (row += parts[i].rows) - parts[i].rows, rows: parts[i].rows }));
      const first = image ? parts[0] : undefined; // the picture shows the first clip's unscaled features
      let E: Matrix | undefined = parts.length === 1 ? parts[0] : concatRows(parts);
      parts.length = 0;
      pipeline.fitFeatures(E);
      const X = pipeline.scale(E);
      E = undefined;
      progress.update(clips.length + 1, 'scaled');
      progress.stop();
      await saveFeatureFile(out, X, { pipeline: pipeline.toJSON(), clips: index }, { force: opts.force });
      console.log(`features: ${X.rows} frames × ${X.cols} (${pipeline.toString()}) from ${clips.length} clip${clips.length > 1 ? 's' : ''}`);
      console.log(`file: ${out} (${(statSync(out).size / 1e6).toFixed(1)} MB)`);
      if (image) {
        // The picture shows the unscaled (log-compressed) spectrogram: per-bin z-scores flatten quiet bands to one colour.
        const what = opts.kind === 'mel' ? `log ${opts.nMels}-band mel spectrogram` : 'log linear spectrogram';
        const S = first!;
        const picOpts = { frameRate: pipeline.frameRate, title: `${clips[0].name}: ${what}`, yLabel: opts.kind === 'mel' ? 'mel band' : 'frequency bin' };
        await atomicWriteFile(image, opts.png ? renderSpectrogramPng(S, picOpts) : renderSpectrogramSvg(S, picOpts), { force: opts.force });
        console.log(`image: ${image} (first clip, ${clips[0].name})`);
      }
      console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}

async function readInput(input: string | undefined, opts: FeaturesOptions, quiet?: boolean): Promise<DatasetClip[]> {
  if (input === undefined) {
    const progress = createProgress({ quiet });
    let begun = false;
    return loadDataset(opts.dataset, {
      maxClips: opts.clips, clipSeconds: opts.seconds, sampleRate: opts.sampleRate,
      onProgress: (done, total, name) => { if (!begun) { progress.start(total, opts.dataset); begun = true; } progress.update(done, path.basename(name)); },
    }).finally(() => progress.stop());
  }
  if (existsSync(input) && statSync(input).isDirectory()) return loadAudioFolder(input, { sampleRate: opts.sampleRate });
  const clip = await loadAudio(input, { sampleRate: opts.sampleRate, mono: true });
  return [{ name: path.basename(input).replace(/\.[^.]*$/, ''), clip, path: path.resolve(input) }];
}
