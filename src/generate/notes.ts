/**
 * Note models end to end: train the RBM stage's models on piano rolls, sample new rolls from them (temperature,
 * priming with the start of a song, seed), and turn rolls into MIDI and audio. The scoring of note models lives
 * in the symbolic stage (frameScores, evaluateNoteModel); this file only connects the models to it.
 */
import { existsSync } from 'node:fs';
import { ModelFormatError, ParameterError } from '../errors';
import type { Matrix } from '../types';
import { concatRows } from '../util/matrix';
import { Random } from '../util/random';
import { RBM, ConditionalRBM, RNNRBM } from '../rbm';
import {
  crbmNoteModel, frameWindows, rbmNoteModel, rnnrbmNoteModel, windowNoteModel, type NoteModel, type PianoRoll,
} from '../symbolic';
import { gibbsChains } from './gibbs';

/** The note models this workbook trains: a frame RBM, an RBM on windows of frames, the CRBM and the RNN-RBM. */
export type NoteModelKind = 'rbm' | 'window' | 'crbm' | 'rnnrbm';
export const NOTE_MODEL_KINDS: readonly NoteModelKind[] = ['rbm', 'window', 'crbm', 'rnnrbm'];

/** A trained note model: the RBM-stage object and its view as a sequence model for scoring. */
export interface TrainedNoteModel {
  kind: NoteModelKind;
  model: RBM | ConditionalRBM | RNNRBM;
  noteModel: NoteModel;
  /** Frames of context the model reads (window − 1, CRBM order; 0 for the RBM, Infinity for the RNN-RBM). */
  context: number;
}

/** Options of {@link trainNoteModel}. */
export interface TrainNoteModelOptions {
  /** Hidden units (default 12: frame-level likelihoods stay exact, 2¹² hidden states per frame). */
  nHidden: number;
  epochs: number;
  /** Frames per window (window RBM) or history frames (CRBM order). Default 4 = one beat of sixteenths. */
  context: number;
  seed: number;
  /** Learning rate (default: each trainer's own default for Bernoulli units). */
  learningRate?: number;
  /** RNN-RBM only: units of the recurrent state (default 64). */
  nRecurrent: number;
  /** Called after each epoch with (epoch, epochs). */
  onEpoch?: (epoch: number, epochs: number) => void;
}

export const DEFAULT_TRAIN_NOTE_MODEL: TrainNoteModelOptions = { nHidden: 12, epochs: 20, context: 4, seed: 0, nRecurrent: 64 };

/**
 * Trains one note model on the training songs (Bernoulli visible units, one per pitch).
 * - 'rbm': every frame of every song is one example (CD-1).
 * - 'window': every `context` consecutive frames of a song are one example (CD-1).
 * - 'crbm': ConditionalRBM of order `context` on the songs as sequences.
 * - 'rnnrbm': the RNN-RBM (Boulanger-Lewandowski et al. 2012) with its own trainer's defaults (CD-k + BPTT).
 * @throws ParameterError for an unknown kind, no songs, or songs of different pitch ranges.
 * @example const { noteModel } = await trainNoteModel('crbm', train, { epochs: 20 });
 */
export async function trainNoteModel(kind: NoteModelKind, train: PianoRoll[], opts: Partial<TrainNoteModelOptions> = {}): Promise<TrainedNoteModel> {
  const o = { ...DEFAULT_TRAIN_NOTE_MODEL, ...opts };
  if (!NOTE_MODEL_KINDS.includes(kind)) throw new ParameterError(`model kind must be one of ${NOTE_MODEL_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  if (train.length === 0) throw new ParameterError('trainNoteModel: no training songs');
  const nV = train[0].cols;
  for (const r of train) {
    if (r.cols !== nV || r.lowestPitch !== train[0].lowestPitch) throw new ParameterError(`trainNoteModel: song ${r.name} has pitches ${r.lowestPitch}…${r.lowestPitch + r.cols - 1}, expected ${train[0].lowestPitch}…${train[0].lowestPitch + nV - 1} (use loadSongRolls or withPitchRange)`);
  }
  const onEpoch = o.onEpoch ? (m: { epoch: number }) => o.onEpoch!(m.epoch + 1, o.epochs) : undefined;
  const lr = o.learningRate === undefined ? {} : { learningRate: o.learningRate };
  if (kind === 'rbm' || kind === 'window') {
    const X = kind === 'rbm' ? concatRows(train) : concatRows(train.filter((r) => r.rows >= o.context).map((r) => frameWindows(r, o.context)));
    const rbm = new RBM({ nVisible: X.cols, nHidden: o.nHidden, visible: 'bernoulli', seed: o.seed });
    await rbm.fit(X, { epochs: o.epochs, k: 1, onEpoch, ...lr });
    return kind === 'rbm'
      ? { kind, model: rbm, noteModel: rbmNoteModel(rbm), context: 0 }
      : { kind, model: rbm, noteModel: windowNoteModel(rbm, o.context), context: o.context - 1 };
  }
  if (kind === 'crbm') {
    const crbm = new ConditionalRBM({ nVisible: nV, nHidden: o.nHidden, order: o.context, visible: 'bernoulli', seed: o.seed });
    await crbm.fit(train, { epochs: o.epochs, onEpoch, ...lr });
    return { kind, model: crbm, noteModel: crbmNoteModel(crbm), context: o.context };
  }
  const model = new RNNRBM({ nVisible: nV, nHidden: o.nHidden, nRecurrent: o.nRecurrent, visible: 'bernoulli', seed: o.seed });
  await model.fit(train, { epochs: o.epochs, onEpoch, ...lr });
  return { kind, model, noteModel: rnnrbmNoteModel(model), context: Infinity };
}

/** Options of {@link generateNotes}. */
export interface GenerateNotesOptions {
  /** New steps to generate (e.g. 256 = 16 bars of sixteenths). */
  steps: number;
  seed: number;
  /** Divides pre-activations: < 1 more conservative, > 1 wilder (default 1). */
  temperature: number;
  /** The start of a song the model continues (its rows are read first; not included in the result). */
  prime?: PianoRoll;
  /** Gibbs steps per generated frame (default 25, the RNN-RBM reference implementation's value). */
  gibbsSteps: number;
}

export const DEFAULT_GENERATE_NOTES: Omit<GenerateNotesOptions, 'steps'> = { seed: 0, temperature: 1, gibbsSteps: 25 };

/**
 * Samples a new piano roll from a trained note model, as a roll with `like`'s pitch range and grid.
 * - RNN-RBM and CRBM: frame after frame, each from the RBM its past defines (`prime` read first).
 * - window RBM: the last frame of the window sampled with the earlier frames clamped.
 * - frame RBM: one persistent Gibbs chain, one frame per step (it has no notion of time: a baseline to hear).
 * @throws ParameterError for bad steps, temperature or gibbsSteps, or a prime of another pitch range.
 * @example const roll = generateNotes(trained, test[0], { steps: 256, seed: 1, prime: sliceSteps(test[0], 0, 32) });
 */
export function generateNotes(trained: TrainedNoteModel, like: PianoRoll, opts: Partial<GenerateNotesOptions> & { steps: number }): PianoRoll {
  const o = { ...DEFAULT_GENERATE_NOTES, ...opts };
  if (!Number.isInteger(o.steps) || o.steps < 1) throw new ParameterError(`steps must be a positive integer, got ${o.steps}`);
  if (!(o.temperature > 0 && o.temperature <= 100)) throw new ParameterError(`temperature must be in (0, 100], got ${o.temperature}`);
  if (!Number.isInteger(o.gibbsSteps) || o.gibbsSteps < 1) throw new ParameterError(`gibbsSteps must be a positive integer, got ${o.gibbsSteps}`);
  const nV = trained.noteModel.nVisible;
  if (like.cols !== nV) throw new ParameterError(`generateNotes: the template roll has ${like.cols} pitches, the model ${nV}`);
  if (o.prime && (o.prime.cols !== nV || o.prime.lowestPitch !== like.lowestPitch)) throw new ParameterError(`generateNotes: prime ${o.prime.name} has another pitch range than the model`);
  const prime: Matrix = o.prime ?? { rows: 0, cols: nV, data: new Float32Array(0) };
  let out: Matrix;
  if (trained.kind === 'rnnrbm') {
    out = (trained.model as RNNRBM).generate(o.steps, { seed: o.seed, temperature: o.temperature, prime, gibbsSteps: o.gibbsSteps });
  } else if (trained.kind === 'crbm') {
    const crbm = trained.model as ConditionalRBM;
    const padded = padFront(prime, crbm.order);
    // noise 1: true Bernoulli samples inside the chain; the means it returns are then drawn once more as notes.
    const means = crbm.generate({ frames: o.steps, prime: padded, seed: o.seed, temperature: o.temperature, gibbsSteps: o.gibbsSteps, noise: 1 });
    out = threshold(means);
  } else if (trained.kind === 'window') {
    out = sampleWindowed(trained.model as RBM, trained.context + 1, prime, o);
  } else {
    const rbm = trained.model as RBM;
    const init = prime.rows > 0 ? { rows: 1, cols: nV, data: prime.data.slice((prime.rows - 1) * nV) } : undefined;
    out = gibbsChains(rbm.params(), { n: o.steps, seed: o.seed, temperature: o.temperature, burnIn: init ? 0 : 200, emit: 'sample', init })[0];
  }
  return { ...like, name: `${trained.noteModel.name}, seed ${o.seed}`, rows: out.rows, data: Float32Array.from(out.data), drums: undefined };
}

/** Rows of zeros (silence) in front so the matrix has at least `rows` rows. */
function padFront(m: Matrix, rows: number): Matrix {
  if (m.rows >= rows) return m;
  const data = new Float32Array(rows * m.cols);
  data.set(m.data, (rows - m.rows) * m.cols);
  return { rows, cols: m.cols, data };
}

function threshold(m: Matrix): Matrix {
  return { ...m, data: m.data.map((x) => (x >= 0.5 ? 1 : 0)) };
}

/** Window RBM: Gibbs on the last frame of the window, the earlier window − 1 frames clamped to the past. */
function sampleWindowed(rbm: RBM, window: number, prime: Matrix, o: GenerateNotesOptions): Matrix {
  const nV = rbm.nVisible / window, past = (window - 1) * nV;
  const mask = new Uint8Array(rbm.nVisible);
  mask.fill(1, 0, past);
  const history = padFront(prime, window - 1);
  const buf = new Float32Array((history.rows + o.steps) * nV);
  buf.set(history.data);
  const rng = new Random(o.seed);
  for (let t = history.rows; t < history.rows + o.steps; t++) {
    const values = new Float32Array(rbm.nVisible);
    values.set(buf.subarray((t - window + 1) * nV, t * nV));
    values.set(buf.subarray((t - 1) * nV, t * nV), past); // the chain starts at the previous frame
    const [frame] = gibbsChains(rbm.params(), { n: 1, seed: rng.nextUint32(), burnIn: o.gibbsSteps - 1, temperature: o.temperature, emit: 'sample', clamp: { mask, values }, init: { rows: 1, cols: rbm.nVisible, data: values } });
    buf.set(frame.data.subarray(past), t * nV);
  }
  return { rows: o.steps, cols: nV, data: buf.slice(history.rows * nV) };
}

/** What a saved note model carries besides its weights, so `generate` can rebuild rolls and MIDI. */
export interface NoteModelMeta {
  kind: NoteModelKind;
  /** Window length − 1 or CRBM order (see {@link TrainedNoteModel.context}); null for the RNN-RBM and the RBM. */
  context: number | null;
  lowestPitch: number;
  nPitches: number;
  grid: PianoRoll['grid'];
  /** Songs trained on and held out, by name. */
  train: string[];
  test: string[];
}

/**
 * Saves a trained note model with the metadata `loadNoteModel` needs (pitch range, grid, split).
 * @throws FileExistsError if `path` exists and `force` is not set.
 */
export async function saveNoteModel(trained: TrainedNoteModel, path: string, meta: Omit<NoteModelMeta, 'kind' | 'context'>, opts: { force?: boolean } = {}): Promise<void> {
  const notes: NoteModelMeta = { kind: trained.kind, context: Number.isFinite(trained.context) && trained.context > 0 ? trained.context : null, ...meta };
  const m = trained.model as { meta: Record<string, unknown>; save(path: string, o: { force?: boolean }): Promise<void> };
  m.meta = { ...m.meta, notes };
  await m.save(path, { force: opts.force });
}

/**
 * Loads a note model saved by {@link saveNoteModel} (RBM, window RBM, CRBM or RNN-RBM).
 * @throws ParameterError if the file does not exist; ModelFormatError if it is damaged or not a note model.
 */
export async function loadNoteModel(path: string): Promise<{ trained: TrainedNoteModel; meta: NoteModelMeta }> {
  if (!existsSync(path)) throw new ParameterError(`model file ${path} does not exist; train one with \`rbm-music notes train\` (writes models/notes-rnnrbm.json)`);
  let model: RBM | ConditionalRBM | RNNRBM;
  try {
    model = await RBM.load(path);
  } catch (err) {
    if (!(err instanceof ModelFormatError)) throw err;
    if (/kind 'crbm'/.test(err.message)) model = await ConditionalRBM.load(path);
    else if (/kind 'rnnrbm'/.test(err.message)) model = await RNNRBM.load(path);
    else throw err;
  }
  const meta = model.meta?.notes as NoteModelMeta | undefined;
  if (!meta || !NOTE_MODEL_KINDS.includes(meta.kind)) throw new ModelFormatError(`${path}: not a note model (no meta.notes); train one with \`rbm-music notes train\``);
  const trained: TrainedNoteModel = model instanceof RNNRBM ? { kind: 'rnnrbm', model, noteModel: rnnrbmNoteModel(model), context: Infinity }
    : model instanceof ConditionalRBM ? { kind: 'crbm', model, noteModel: crbmNoteModel(model), context: model.order }
      : meta.kind === 'window' ? { kind: 'window', model, noteModel: windowNoteModel(model, (meta.context ?? 0) + 1), context: meta.context ?? 0 }
        : { kind: 'rbm', model, noteModel: rbmNoteModel(model), context: 0 };
  return { trained, meta };
}
