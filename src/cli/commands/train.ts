/**
 * `rbm-music train`: audio (the bundled data set by default, or your own folder) → a trained RBM or CRBM saved
 * with its feature pipeline, ready for `generate` and `rank`.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { AudioFormatError, FileExistsError, ParameterError } from '../../errors';
import { audioPeak } from '../../audio';
import { DEFAULT_FEATURE_CONFIG } from '../../features';
import { DATASET_NAMES, loadAudioFolder, loadDataset, type DatasetClip } from '../../data';
import { DEFAULT_MEAN_PRECISION_CRBM_TRAIN, DEFAULT_MEAN_PRECISION_TRAIN, initBackend, MEAN_PRECISION_MAX_HIDDEN } from '../../rbm';
import { DEFAULT_TRAIN_ON_CLIPS, MUSIC_MODEL_KINDS, type MusicModelKind, trainOnClips } from '../../generate';
import type { HistoryKind } from '../../rbm';
import { createProgress } from '../progress';
import { commaList, nonNegativeInt, positiveInt, positiveNumber } from '../parse';
import { outputFileFlag, refuseInputAsOutput } from '../outputPath';

/** Default model path (models/ is git-ignored). */
export const DEFAULT_MODEL_PATH = 'models/rbm.json';
/** Epochs for the CLI default: 15 epochs of the 6-minute bundled set took 7.3 s on 2 cores (onnx engine, 18:30; ~40–55 s with the earlier engine). */
export const CLI_TRAIN_EPOCHS = 15;
/**
 * What `rbm-music train` trains with no flags: the model kind whose output is most like music in
 * `npm run bench -- music` (issue 9) and the best density model (issue 8) — the conditional mean–precision RBM
 * (`MeanPrecisionCRBM`: the previous frame carried on by a linear autoregression, what it cannot predict modelled by
 * an 8-unit mean–precision RBM whose hidden biases the last 2 s set). Measured at these defaults on the bundled data
 * (8 seeds, 10 s each, free generation), against the multi-scale CRBM that was the default before: a classifier
 * tells its snippets from real music 83 % of the time (the CRBM 97 %), flatness 0.031 [0.018–0.039] (0.041; real
 * 0.019), change over 1 s 0.16 (0.10; real 0.12), no drones; it keeps less of a beat (onset periodicity 0.12 against
 * the CRBM's 0.43; real 0.67). Held out on real music it scores +108 nats/frame given the past, against +6 for a
 * linear-Gaussian autoregression and −20 for a 64-component GMM (npm run bench -- density). `--model crbm` keeps the
 * beat; a frame model (`--model rbm` or `mprbm`) is what `rbm-music rank` needs.
 */
export const CLI_DEFAULT_MODEL: MusicModelKind = 'mpcrbm';
/** The CRBM history `rbm-music train` uses unless told otherwise (see {@link CLI_DEFAULT_MODEL}). */
export const CLI_DEFAULT_HISTORY: HistoryKind = 'multiscale';
/**
 * Epochs when --epochs is not given, per model kind: 15 for the RBM and CRBM (above); 12 for the RNN-RBM, whose
 * epoch (CD-5 on each frame + back-propagation through time) costs 6–8 s of CPU on the bundled set, so 12 keep
 * training within issue 9's 2-minute budget (measured 77 s; npm run bench -- music). After 4 epochs its output was
 * a noise wash (flatness 0.49, a drone on every seed); after 12 it changes like music over 1 s (0.12) without
 * drones, but keeps no beat (onset periodicity 0.13) and stays noisy (flatness 0.11).
 */
export const CLI_TRAIN_EPOCHS_BY_MODEL: Record<MusicModelKind, number> = {
  rbm: CLI_TRAIN_EPOCHS, crbm: CLI_TRAIN_EPOCHS, rnnrbm: 12, mprbm: DEFAULT_MEAN_PRECISION_TRAIN.epochs, mpcrbm: DEFAULT_MEAN_PRECISION_CRBM_TRAIN.epochs,
};

interface TrainFlags {
  out: string; force?: boolean; dataset: string; clips?: number; seconds?: number; model: MusicModelKind;
  hidden?: number; epochs?: number; lr?: number; k?: number; batchSize?: number; order: number; seed: number;
  history: HistoryKind; historySeconds: number;
  styles?: boolean | string[]; kind: 'mel' | 'linear'; nMels: number;
}

/** Loads the training clips: a folder of the user's audio, or a named data set. */
export async function loadTrainingClips(folder: string | undefined, o: { dataset: string; clips?: number; seconds?: number; sampleRate?: number }, onProgress?: (done: number, total: number, name: string) => void): Promise<DatasetClip[]> {
  if (folder !== undefined) {
    if (!existsSync(folder)) throw new ParameterError(`folder ${folder} does not exist`);
    let clips = await loadAudioFolder(folder, { sampleRate: o.sampleRate ?? DEFAULT_FEATURE_CONFIG.sampleRate, onProgress });
    if (o.clips) clips = clips.slice(0, o.clips);
    if (o.seconds) {
      const n = Math.round(o.seconds * (o.sampleRate ?? DEFAULT_FEATURE_CONFIG.sampleRate));
      clips = clips.map((c) => ({ ...c, clip: { ...c.clip, channels: c.clip.channels.map((ch) => ch.subarray(0, n)) } }));
    }
    return clips;
  }
  return loadDataset(o.dataset, { ...(o.clips ? { maxClips: o.clips } : {}), ...(o.seconds ? { clipSeconds: o.seconds } : {}), onProgress });
}

/** Adds `train` to the program. */
export function registerTrain(program: Command): void {
  program.command('train')
    .description('train an RBM (or a temporal CRBM) on the bundled data set or on a folder of your own audio; ' +
      'saves the model with its feature settings for `generate` (and, for --model rbm, `rank`)')
    .argument('[folder]', 'folder of WAV files to learn from ("more like my collection"; default: --dataset)')
    .option('-o, --out <file>', 'model file to write', DEFAULT_MODEL_PATH)
    .option('-f, --force', 'overwrite an existing model file')
    .addOption(new Option('-d, --dataset <name>', 'data set when no folder is given').choices([...DATASET_NAMES]).default('openmsx'))
    .option('-n, --clips <n>', 'use at most this many clips', positiveInt('--clips'))
    .option('-s, --seconds <s>', 'seconds per clip', positiveNumber('--seconds'))
    .addOption(new Option('--model <kind>', 'rbm (frames), crbm (temporal: each frame conditioned on its recent past), rnnrbm (temporal: an RNN that has heard the whole piece sets each frame\'s RBM), mprbm (frames: a mean–precision RBM, the best frame density model) or mpcrbm (temporal: an autoregression on the previous frame and the frame a beat back, and a mean–precision RBM whose biases a 2 s history and a beat clock set)').choices([...MUSIC_MODEL_KINDS]).default(CLI_DEFAULT_MODEL))
    .option('--hidden <n>', `hidden units (default ${DEFAULT_TRAIN_ON_CLIPS.nHidden}; mprbm ${DEFAULT_TRAIN_ON_CLIPS.nHiddenMeanPrecision}, at most ${MEAN_PRECISION_MAX_HIDDEN})`, positiveInt('--hidden'))
    .option('-e, --epochs <n>', `passes over the data (default: ${Object.entries(CLI_TRAIN_EPOCHS_BY_MODEL).map(([k, v]) => `${k} ${v}`).join(', ')})`, positiveInt('--epochs'))
    .option('--lr <x>', 'learning rate (default: auto for the visible type)', positiveNumber('--lr'))
    .option('-k, --k <n>', 'Gibbs steps of CD-k', positiveInt('--k'))
    .option('--batch-size <n>', 'examples per mini-batch', positiveInt('--batch-size'))
    .option('--order <n>', 'CRBM history length in frames (implies --history recent)', positiveInt('--order'), DEFAULT_TRAIN_ON_CLIPS.order)
    .addOption(new Option('--history <kind>', 'history of crbm (and of mpcrbm\'s hidden units: lags or multiscale): recent (the last --order frames), lags (frames 1, 2, 4, … back) or multiscale (means of frames 1, 2–3, 4–7, … back)').choices(['recent', 'lags', 'multiscale']).default(CLI_DEFAULT_HISTORY))
    .option('--history-seconds <s>', 'how far back a lags/multiscale CRBM history reaches', positiveNumber('--history-seconds'), DEFAULT_TRAIN_ON_CLIPS.historySeconds)
    .option('--styles [names]', 'add one-hot style units from the clips\' style labels (optionally: comma-separated names in order)', commaList)
    .addOption(new Option('--kind <kind>', 'feature kind').choices(['mel', 'linear']).default(DEFAULT_FEATURE_CONFIG.kind))
    .option('--n-mels <n>', 'mel bands', positiveInt('--n-mels'), DEFAULT_FEATURE_CONFIG.nMels)
    .option('--seed <n>', 'random seed', nonNegativeInt('--seed'), 0)
    .addHelpText('after', '\nExamples:\n  rbm-music train                       # bundled OpenMSX music → models/rbm.json (conditional mean–precision RBM)\n' +
      '  rbm-music train --model crbm                 # the multi-scale CRBM: a stronger beat, noisier\n' +
      '  rbm-music train --model rbm --dataset synthetic --styles -o models/styles.json\n' +
      '  rbm-music train --model rbm ~/my-music -o models/mine.json   # a frame RBM: what `rank` needs\n' +
      '  rbm-music train --model rnnrbm -o models/rnnrbm.json')
    .action(async (folder: string | undefined, o: TrainFlags, cmd: Command) => {
      const { quiet } = cmd.optsWithGlobals<{ quiet?: boolean }>();
      const started = performance.now();
      const out = outputFileFlag(o.out, '--out', 'models/rbm.json');
      if (existsSync(out) && !o.force) throw new FileExistsError(`${out} already exists; pass --force to overwrite it`);
      const progress = createProgress({ quiet });
      progress.start(1, 'loading audio');
      const clips = await loadTrainingClips(folder, o, (done, total, name) => { progress.start(total, 'loading audio'); progress.update(done, name); });
      progress.stop();
      if (clips.length === 0) throw new ParameterError(`no audio found in ${folder ?? o.dataset}`);
      refuseInputAsOutput(out, clips.map((c) => c.path), '--out');
      // All-silent input has nothing to learn; training "succeeds" with a degenerate model (σ → ∞), so say so instead.
      if (clips.every((c) => audioPeak(c.clip) === 0)) {
        throw new AudioFormatError(`${folder ?? o.dataset}: ${clips.length === 1 ? `the only clip (${clips[0].path ?? clips[0].name}) is` : `all ${clips.length} clips are`} silent (every sample is 0); an RBM needs audio with sound in it`);
      }
      await initBackend({ log: quiet ? () => {} : undefined });
      let batchesPerEpoch = 0;
      const epochs = o.epochs ?? CLI_TRAIN_EPOCHS_BY_MODEL[o.model];
      const { model, pipeline, history } = await trainOnClips(clips, {
        model: o.model, ...(o.hidden ? { nHidden: o.hidden } : {}), epochs, seed: o.seed, order: o.order, historySeconds: o.historySeconds,
        // --order asks for the classic last-frames history unless --history says otherwise.
        history: cmd.getOptionValueSource('order') === 'cli' && cmd.getOptionValueSource('history') !== 'cli' ? 'recent' : o.history,
        styles: o.styles === true ? true : o.styles, features: { kind: o.kind, nMels: o.nMels },
        train: { ...(o.lr ? { learningRate: o.lr } : {}), ...(o.k ? { k: o.k } : {}), ...(o.batchSize ? { batchSize: o.batchSize } : {}) },
        // The RNN-RBM's own step size and CD-k (its batch size counts sequence chunks, so it keeps its default).
        rnnrbm: { ...(o.lr ? { learningRate: o.lr } : {}), ...(o.k ? { k: o.k } : {}) },
        meanPrecision: { ...(o.lr ? { learningRate: o.lr } : {}), ...(o.batchSize ? { batchSize: o.batchSize } : {}) },
        trainedOn: folder ? `folder ${folder}` : `${o.dataset} (${clips.length} clips)`,
        onBatch: ({ epoch, batch, batches }) => {
          if (batchesPerEpoch === 0) { batchesPerEpoch = batches; progress.start(epochs * batches, 'training'); }
          progress.update(epoch * batches + batch + 1, `epoch ${epoch + 1}/${epochs}`);
        },
      });
      progress.stop();
      await model.save(out, { force: o.force });
      const last = history.epochs[history.epochs.length - 1] as Record<string, number | undefined>;
      const err = last?.validationReconstructionError ?? last?.reconstructionError;
      console.log(`trained ${model.toString()} on ${clips.length} clips (${pipeline.toString()})`);
      const density = last?.validationLogDensity;
      const final = density !== undefined ? `held-out log-density ${density.toFixed(2)} nats/frame`
        : last?.trainLogDensity !== undefined ? `training log-density ${last.trainLogDensity.toFixed(2)} nats/frame${o.model === 'mpcrbm' ? ' (each frame given its past)' : ''}`
          : `reconstruction error ${err?.toFixed(4)}`;
      console.log(`epochs: ${history.epochs.length}, final ${final}${(model.meta as any).styles?.length ? `, styles: ${(model.meta as any).styles.join(', ')}` : ''}`);
      console.log(`model: ${out}`);
      console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}
