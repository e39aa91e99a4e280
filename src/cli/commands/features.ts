/**
 * `rbm-music features`: audio (a WAV file, a folder, or the bundled data set) → a features file (see
 * src/data/featureFile.ts for the format) plus a spectrogram picture (SVG by default, or PNG).
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { clipReader, monoBlocks, openAudioReader, type AudioReader } from '../../audio';
import { FeaturePipeline, DEFAULT_FEATURE_CONFIG } from '../../features';
import { FileExistsError, ParameterError } from '../../errors';
import { atomicWriteFile, ensureParentDir } from '../../util/atomicWrite';
import { audioFolderFiles, DATASET_NAMES, FrameSpool, loadDataset, writeFeatureFile, type DatasetClip, type FeatureFileClip } from '../../data';
import { createProgress } from '../progress';
import { positiveInt, positiveNumber, sampleRateFlag } from '../parse';
import { renderSpectrogramPng, renderSpectrogramSvg, type RowBlocks } from '../renderSpectrogram';
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
      const sources = await readInput(input, opts, quiet);
      const inputs = sources.map((c) => c.path);
      refuseInputAsOutput(out, inputs, '--out');
      if (image) refuseInputAsOutput(image, inputs, 'the spectrogram picture');
      const progress = createProgress({ quiet });
      progress.start(sources.length + 1, 'features');
      // Flat memory whatever the input's length (issue 11): each file is read block by block, mixed, resampled and
      // turned into feature rows block by block (exactly the rows of FeaturePipeline.extract on the whole clip), and
      // the unscaled rows go to a temporary spool file; the scaler is fitted from the spool, and the scaled rows are
      // streamed from it into the features file (temp file + rename). Memory holds a few blocks, not the audio.
      ensureParentDir(out);
      const spool = new FrameSpool(`${out}.unscaled`, pipeline.nFeatures);
      try {
        const index: FeatureFileClip[] = [];
        for (const [i, src] of sources.entries()) {
          const reader = await src.open();
          const startRow = spool.rows;
          try {
            const stream = pipeline.extractStream();
            for await (const y of monoBlocks(reader, { sampleRate: opts.sampleRate })) spool.append(stream.push(y));
            spool.append(stream.end());
          } finally {
            reader.close();
          }
          index.push({ name: src.name, style: src.style, path: src.path, startRow, rows: spool.rows - startRow });
          progress.update(i + 1, src.name);
        }
        pipeline.fitFeatureBlocks((visit) => spool.forEach(visit));
        writeFeatureFile(out, { rows: spool.rows, cols: spool.cols }, { pipeline: pipeline.toJSON(), clips: index },
          (write) => spool.forEach((E) => write(pipeline.scale(E))), { force: opts.force });
        progress.update(sources.length + 1, 'scaled');
        progress.stop();
        console.log(`features: ${spool.rows} frames × ${spool.cols} (${pipeline.toString()}) from ${sources.length} clip${sources.length > 1 ? 's' : ''}`);
        console.log(`file: ${out} (${(statSync(out).size / 1e6).toFixed(1)} MB)`);
        if (image) {
          // The picture shows the first clip's unscaled (log-compressed) spectrogram, read back from the spool in
          // blocks: per-bin z-scores would flatten quiet bands to one colour.
          const what = opts.kind === 'mel' ? `log ${opts.nMels}-band mel spectrogram` : 'log linear spectrogram';
          const first = index[0];
          const S: RowBlocks = { rows: first.rows, cols: spool.cols, forEach: (visit) => spool.forEach((E, r) => visit(E, r - first.startRow), first.startRow, first.rows) };
          const picOpts = { frameRate: pipeline.frameRate, title: `${first.name}: ${what}`, yLabel: opts.kind === 'mel' ? 'mel band' : 'frequency bin' };
          await atomicWriteFile(image, opts.png ? renderSpectrogramPng(S, picOpts) : renderSpectrogramSvg(S, picOpts), { force: opts.force });
          console.log(`image: ${image} (first clip, ${first.name})`);
        }
      } finally {
        spool.remove();
      }
      console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}

/** One input to read: its name and style for the features file, and a way to open it block by block. */
interface Source { name: string; style?: string; path?: string; open(): Promise<AudioReader> }

async function readInput(input: string | undefined, opts: FeaturesOptions, quiet?: boolean): Promise<Source[]> {
  if (input === undefined) {
    // The bundled data sets are rendered clips of bounded length (--clips × --seconds): they are held in memory.
    const progress = createProgress({ quiet });
    let begun = false;
    const clips: DatasetClip[] = await loadDataset(opts.dataset, {
      maxClips: opts.clips, clipSeconds: opts.seconds, sampleRate: opts.sampleRate,
      onProgress: (done, total, name) => { if (!begun) { progress.start(total, opts.dataset); begun = true; } progress.update(done, path.basename(name)); },
    }).finally(() => progress.stop());
    return clips.map((c) => ({ name: c.name, style: c.style, path: c.path, open: async () => clipReader(c.clip, c.path ?? c.name) }));
  }
  if (existsSync(input) && statSync(input).isDirectory()) {
    return (await audioFolderFiles(input)).map((f) => ({ ...f, open: () => openAudioReader(f.path) }));
  }
  // Opened now, so a missing or damaged file fails before anything is written.
  const reader = await openAudioReader(input);
  let first: AudioReader | undefined = reader;
  return [{ name: path.basename(input).replace(/\.[^.]*$/, ''), path: path.resolve(input), open: async () => {
    const r = first ?? await openAudioReader(input);
    first = undefined;
    return r;
  } }];
}
