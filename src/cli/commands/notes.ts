/**
 * `rbm-music notes …`: the symbolic path. Songs as piano rolls instead of audio: train a note model
 * (RNN-RBM, conditional RBM, RBM on windows or frames) on the bundled MIDI songs, evaluate it on held-out songs
 * with the literature's frame-level log-likelihood and accuracy, and generate new notes as .mid + .wav.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { FileExistsError, ParameterError } from '../../errors';
import { saveWav } from '../../audio';
import { initBackend } from '../../rbm';
import {
  evaluateNoteModel, independentBernoulli, loadSongRolls, pianoRollToMidi, renderPianoRoll, saveMidi, sliceSteps, splitBySong,
  type PianoRoll,
} from '../../symbolic';
import {
  generateNotes, loadNoteModel, NOTE_MODEL_KINDS, saveNoteModel, trainNoteModel, DEFAULT_TRAIN_NOTE_MODEL, DEFAULT_GENERATE_NOTES,
  type NoteModelKind, type TrainedNoteModel,
} from '../../generate/notes';
import { createProgress } from '../progress';
import { commaList, nonNegativeInt, positiveInt, positiveNumber } from '../parse';
import { outputFileFlag, refuseInputAsOutput } from '../outputPath';

/** Default model file of `notes train` / `notes generate`. */
export const DEFAULT_NOTES_MODEL = 'models/notes-rnnrbm.json';

interface DataFlags { songs?: string[]; testFraction: number; splitSeed: number; stepsPerBeat: number }
interface TrainFlags extends DataFlags { model: NoteModelKind; out?: string; force?: boolean; hidden: number; epochs: number; context: number; seed: number }
interface GenerateFlags { model: string; out?: string; force?: boolean; steps: number; seed: number; temperature: number; prime?: string; primeSteps: number; program: number; gibbsSteps: number }
interface EvaluateFlags extends DataFlags { hidden: number; epochs: number; context: number; seed: number; models: string[] }

function kindFlag(value: string): NoteModelKind {
  if (!(NOTE_MODEL_KINDS as readonly string[]).includes(value)) throw new ParameterError(`--model ${value} is not a note model; valid: ${NOTE_MODEL_KINDS.join(', ')}`);
  return value as NoteModelKind;
}

function dataOptions(cmd: Command): Command {
  return cmd
    .option('--songs <list>', 'comma-separated OpenMSX song files (default: all 31)', commaList)
    .option('--test-fraction <f>', 'share of the songs held out for evaluation', positiveNumber('--test-fraction'), 0.25)
    .option('--split-seed <n>', 'seed of the song-wise split', nonNegativeInt('--split-seed'), 0)
    .option('--steps-per-beat <n>', 'piano-roll rows per quarter note (4 = sixteenths)', positiveInt('--steps-per-beat'), 4);
}

function loadSplit(o: DataFlags): { train: PianoRoll[]; test: PianoRoll[]; all: PianoRoll[] } {
  if (!(o.testFraction < 1)) throw new ParameterError(`--test-fraction ${o.testFraction} must be below 1`);
  const { rolls } = loadSongRolls({ songs: o.songs, stepsPerBeat: o.stepsPerBeat });
  return { ...splitBySong(rolls, { testFraction: o.testFraction, seed: o.splitSeed }), all: rolls };
}

async function train(kind: NoteModelKind, rolls: PianoRoll[], o: { hidden: number; epochs: number; context: number; seed: number }, quiet?: boolean, label = kind): Promise<TrainedNoteModel> {
  const progress = createProgress({ quiet });
  progress.start(o.epochs, `training ${label}`);
  const trained = await trainNoteModel(kind, rolls, {
    nHidden: o.hidden, epochs: o.epochs, context: o.context, seed: o.seed,
    onEpoch: (e) => progress.update(e),
  });
  progress.stop();
  return trained;
}

/** Adds `notes` (with `train`, `generate`, `evaluate`) to the program. */
export function registerNotes(program: Command): void {
  const notes = program.command('notes')
    .description('notes instead of sound: piano-roll RBM / CRBM / RNN-RBM on the bundled MIDI songs → .mid and .wav');

  dataOptions(notes.command('train'))
    .description('train a note model on the bundled songs (held-out songs are kept out)')
    .option('--model <kind>', `rnnrbm, crbm, window or rbm`, kindFlag, 'rnnrbm')
    .option('-o, --out <file>', 'model file to write (default: models/notes-<kind>.json)')
    .option('-f, --force', 'overwrite an existing model file')
    .option('--hidden <n>', 'hidden units (≤ 16 keeps the frame-level likelihood exact)', positiveInt('--hidden'), DEFAULT_TRAIN_NOTE_MODEL.nHidden)
    .option('--epochs <n>', 'training epochs', positiveInt('--epochs'), DEFAULT_TRAIN_NOTE_MODEL.epochs)
    .option('--context <n>', 'frames per window (window) or history frames (crbm)', positiveInt('--context'), DEFAULT_TRAIN_NOTE_MODEL.context)
    .option('--seed <n>', 'random seed', nonNegativeInt('--seed'), DEFAULT_TRAIN_NOTE_MODEL.seed)
    .addHelpText('after', '\nExamples:\n  rbm-music notes train                        # RNN-RBM → models/notes-rnnrbm.json\n  rbm-music notes train --model crbm --context 8 --epochs 40')
    .action(async (o: TrainFlags, cmd: Command) => {
      const { quiet } = cmd.optsWithGlobals<{ quiet?: boolean }>();
      const started = performance.now();
      const out = outputFileFlag(o.out ?? `models/notes-${o.model}.json`, '--out', 'models/notes.json');
      if (existsSync(out) && !o.force) throw new FileExistsError(`${out} already exists; pass --force to overwrite it`);
      await initBackend({ log: () => {} });
      const { train: songs, test } = loadSplit(o);
      const trained = await train(o.model, songs, o, quiet);
      const score = evaluateNoteModel(trained.noteModel, test);
      await saveNoteModel(trained, out, { lowestPitch: songs[0].lowestPitch, nPitches: songs[0].cols, grid: songs[0].grid, train: songs.map((r) => r.name), test: test.map((r) => r.name) }, { force: o.force });
      console.log(`${trained.noteModel.name} on ${songs.length} songs; held-out ${test.length} songs (${score.frames} frames): log-likelihood ${score.logLikelihood.toFixed(2)} nats/frame, accuracy ${score.accuracy.toFixed(3)}`);
      console.log(`file: ${out}`);
      console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });

  notes.command('generate')
    .description('sample new notes from a note model and write them as .mid and .wav (rendered with the SoundFont)')
    .option('-m, --model <file>', 'model file from `rbm-music notes train`', DEFAULT_NOTES_MODEL)
    .option('-o, --out <file>', 'MIDI file to write; the WAV goes beside it (default generated/notes-<kind>-seed<seed>.mid)')
    .option('-f, --force', 'overwrite existing output files')
    .option('--steps <n>', 'piano-roll rows to generate (256 = 16 bars of sixteenths)', positiveInt('--steps'), 256)
    .option('--seed <n>', 'random seed (same seed, same notes)', nonNegativeInt('--seed'), DEFAULT_GENERATE_NOTES.seed)
    .option('-t, --temperature <T>', 'lower = safer, higher = wilder', positiveNumber('--temperature'), DEFAULT_GENERATE_NOTES.temperature)
    .option('--prime <song>', 'continue the start of this OpenMSX song (e.g. city_blues_redfarn)')
    .option('--prime-steps <n>', 'rows of --prime read before generating', positiveInt('--prime-steps'), 32)
    .option('--program <n>', 'General MIDI instrument of the output (0 = piano)', nonNegativeInt('--program'), 0)
    .option('--gibbs-steps <n>', 'Gibbs steps per generated row', positiveInt('--gibbs-steps'), DEFAULT_GENERATE_NOTES.gibbsSteps)
    .addHelpText('after', '\nExamples:\n  rbm-music notes generate                       # → generated/notes-rnnrbm-seed0.mid and .wav\n  rbm-music notes generate --prime city_blues_redfarn --steps 512 --seed 3')
    .action(async (o: GenerateFlags, cmd: Command) => {
      const { quiet } = cmd.optsWithGlobals<{ quiet?: boolean }>();
      const started = performance.now();
      await initBackend({ log: () => {} });
      const { trained, meta } = await loadNoteModel(o.model);
      const mid = outputFileFlag(o.out ?? path.join('generated', `notes-${meta.kind}-seed${o.seed}.mid`), '--out', 'generated/notes.mid');
      const wav = mid.replace(/\.midi?$/i, '') + '.wav';
      refuseInputAsOutput(mid, [o.model], '--out');
      for (const f of [mid, wav]) if (existsSync(f) && !o.force) throw new FileExistsError(`${f} already exists; pass --force to overwrite it (or --seed/--out for another file)`);
      const like: PianoRoll = { rows: 0, cols: meta.nPitches, data: new Float32Array(0), lowestPitch: meta.lowestPitch, grid: meta.grid, name: 'generated' };
      let prime: PianoRoll | undefined;
      if (o.prime) {
        const song = o.prime.replace(/\.mid$/, '') + '.mid';
        const { rolls } = loadSongRolls({ songs: [song], pitchRange: [meta.lowestPitch, meta.lowestPitch + meta.nPitches - 1], stepsPerBeat: meta.grid.kind === 'beats' ? meta.grid.stepsPerBeat : 4 });
        prime = sliceSteps(rolls[0], 0, o.primeSteps);
      }
      const progress = createProgress({ quiet });
      progress.start(2, 'generating notes');
      const roll = generateNotes(trained, like, { steps: o.steps, seed: o.seed, temperature: o.temperature, prime, gibbsSteps: o.gibbsSteps });
      const whole: PianoRoll = prime ? { ...roll, rows: prime.rows + roll.rows, data: Float32Array.from([...prime.data, ...roll.data]) } : roll;
      await saveMidi(mid, pianoRollToMidi(whole, { program: o.program }), { force: o.force });
      progress.update(1, 'rendering');
      const clip = await renderPianoRoll(whole, { program: o.program });
      await saveWav(wav, clip, { force: o.force });
      progress.update(2);
      progress.stop();
      let notesOn = 0;
      for (const x of roll.data) notesOn += x;
      console.log(`generated ${roll.rows} rows (${(notesOn / roll.rows).toFixed(1)} notes sounding per row)${prime ? ` after ${prime.rows} rows of ${o.prime}` : ''}, ${(clip.channels[0].length / clip.sampleRate).toFixed(1)} s of audio`);
      console.log(`files: ${mid}\n       ${wav}`);
      console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });

  dataOptions(notes.command('evaluate'))
    .description('train every note model and print held-out frame-level log-likelihood and accuracy beside the baselines')
    .option('--models <list>', 'comma-separated kinds to train', commaList, ['rbm', 'window', 'crbm', 'rnnrbm'])
    .option('--hidden <n>', 'hidden units of every model (≤ 16: exact likelihood)', positiveInt('--hidden'), DEFAULT_TRAIN_NOTE_MODEL.nHidden)
    .option('--epochs <n>', 'training epochs of every model', positiveInt('--epochs'), DEFAULT_TRAIN_NOTE_MODEL.epochs)
    .option('--context <n>', 'window / CRBM history length', positiveInt('--context'), DEFAULT_TRAIN_NOTE_MODEL.context)
    .option('--seed <n>', 'random seed of the models', nonNegativeInt('--seed'), DEFAULT_TRAIN_NOTE_MODEL.seed)
    .action(async (o: EvaluateFlags, cmd: Command) => {
      const { quiet } = cmd.optsWithGlobals<{ quiet?: boolean }>();
      const kinds = o.models.map(kindFlag);
      await initBackend({ log: () => {} });
      const { train: songs, test } = loadSplit(o);
      const rows = [{ ...evaluateNoteModel(independentBernoulli(songs), test), seconds: 0 }];
      for (const kind of kinds) {
        const t0 = performance.now();
        const trained = await train(kind, songs, o, quiet);
        rows.push({ ...evaluateNoteModel(trained.noteModel, test), seconds: (performance.now() - t0) / 1000 });
      }
      console.log(`held-out songs (${test.length}): ${test.map((r) => r.name).join(', ')}; ${rows[0].frames} frames`);
      console.log('| model | log-likelihood (nats/frame) | accuracy | train + evaluate (s) |\n|---|---|---|---|');
      for (const r of rows) console.log(`| ${r.model} | ${r.logLikelihood.toFixed(2)} | ${r.accuracy.toFixed(3)} | ${r.seconds.toFixed(0)} |`);
    });
}
