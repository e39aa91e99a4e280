/**
 * `rbm-music generate`: a trained model → a WAV file, streamed to disk block by block (any length in bounded
 * memory), optionally as a seamless loop, in a chosen style, or continuing a clip of yours.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { FileExistsError, ParameterError } from '../../errors';
import { MAX_WAV_DATA_BYTES } from '../../audio/pcm';
import { loadAudio } from '../../audio';
import { DEFAULT_GENERATE_OPTIONS, DRONE_CHANGE, generateToFile, loadMusicModel, modelPipeline, type DroneReport } from '../../generate';
import { initBackend } from '../../rbm';
import { createProgress } from '../progress';
import { nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from '../parse';
import { DEFAULT_MODEL_PATH } from './train';
import { outputFileFlag, refuseInputAsOutput } from '../outputPath';

interface GenerateFlags {
  model: string; out?: string; force?: boolean; seconds: number; seed: number; temperature: number; annealFrom?: number;
  burnIn?: number; chains: number; thin: number; style?: string; prime?: string; primeSeconds: number; loop?: boolean;
  crossfade: number; nIter: number; blockSeconds: number; pulse?: number;
}

/** The default output name: generated/<model>-seed<seed>[-<style>][-loop].wav. */
export function defaultOutput(o: Pick<GenerateFlags, 'model' | 'seed' | 'style' | 'loop'>): string {
  const base = path.basename(o.model).replace(/\.[^.]*$/, '');
  return path.join('generated', `${base}-seed${o.seed}${o.style ? `-${o.style}` : ''}${o.loop ? '-loop' : ''}.wav`);
}

/** Adds `generate` to the program. */
export function registerGenerate(program: Command): void {
  const d = DEFAULT_GENERATE_OPTIONS;
  program.command('generate')
    .description('generate music with a trained model and write it as a WAV file (streamed: long durations use little memory)')
    .option('-m, --model <file>', 'model file from `rbm-music train`', DEFAULT_MODEL_PATH)
    .option('-o, --out <file>', 'WAV file to write (default: generated/<model>-seed<seed>.wav)')
    .option('-f, --force', 'overwrite an existing output file')
    .option('-s, --seconds <s>', 'length of the output', positiveNumber('--seconds'), d.seconds)
    .option('--seed <n>', 'random seed (same seed, same music)', nonNegativeInt('--seed'), d.seed)
    .option('-t, --temperature <T>', 'sampling temperature: lower = calmer and more repetitive, higher = wilder', positiveNumber('--temperature'), d.temperature)
    .option('--anneal-from <T>', 'start hotter and cool to --temperature during burn-in (e.g. 2)', positiveNumber('--anneal-from'))
    .option('--burn-in <n>', `Gibbs steps before the first frame (default ${d.burnIn}, 0 when --prime)`, nonNegativeInt('--burn-in'))
    .option('--chains <n>', 'independent Gibbs chains taking turns, one block each (variety)', positiveInt('--chains'), d.chains)
    .option('--thin <n>', 'Gibbs steps per frame (higher = faster change)', positiveInt('--thin'), d.thin)
    .option('--style <name>', 'style to generate (models trained with --styles)')
    .option('--prime <wav>', 'continue this clip: keep its start and generate what follows')
    .option('--prime-seconds <s>', 'seconds of --prime kept', positiveNumber('--prime-seconds'), d.primeSeconds)
    .option('--pulse <s>', 'change the sound every <s> seconds: one very hot Gibbs step kicks the chain into a new state (weakens --style)', positiveNumber('--pulse'))
    .option('--loop', 'make a seamless loop (the end crossfades into the start), e.g. for background music')
    .option('--crossfade <s>', 'loop crossfade length', nonNegativeNumber('--crossfade'), d.crossfadeSeconds)
    .option('--n-iter <n>', 'Griffin-Lim iterations (more = cleaner phase, slower)', positiveInt('--n-iter'), d.nIter)
    .option('--block-seconds <s>', 'audio is made and written in blocks of this length', positiveNumber('--block-seconds'), d.blockSeconds)
    .addHelpText('after', '\nExamples:\n  rbm-music generate                              # 10 s from models/rbm.json → generated/rbm-seed0.wav\n' +
      '  rbm-music generate --seconds 120 --loop         # 2-minute seamless background loop\n' +
      '  rbm-music generate --pulse 0.5                  # a new texture every half second\n' +
      '  rbm-music generate -m models/styles.json --style arpeggio\n' +
      '  rbm-music generate --prime my-song.wav --prime-seconds 3 --seconds 20')
    .action(async (o: GenerateFlags, cmd: Command) => {
      const { quiet } = cmd.optsWithGlobals<{ quiet?: boolean }>();
      const started = performance.now();
      const out = outputFileFlag(o.out ?? defaultOutput(o), '--out', 'generated/song.wav');
      refuseInputAsOutput(out, [o.model, o.prime], '--out');
      if (existsSync(out) && !o.force) throw new FileExistsError(`${out} already exists; pass --force to overwrite it (or --seed/--out for another file)`);
      await initBackend({ log: () => {} });
      const model = await loadMusicModel(o.model);
      // Check the size up front: otherwise a typo like --seconds 1e9 runs for hours and fails only at the 4 GiB limit.
      const { sampleRate } = modelPipeline(model as any).config;
      const maxSeconds = Math.floor(MAX_WAV_DATA_BYTES / 2 / sampleRate); // 16-bit mono
      if (o.seconds > maxSeconds) throw new ParameterError(`--seconds ${o.seconds} is too long: a WAV file holds at most 4 GiB, i.e. ${maxSeconds} s (${(maxSeconds / 3600).toFixed(1)} h) of 16-bit mono at the model's ${sampleRate} Hz`);
      const prime = o.prime ? await loadAudio(o.prime, { mono: true }) : undefined;
      const progress = createProgress({ quiet });
      progress.start(Math.round(o.seconds), 'generating (s)');
      const drones: DroneReport[] = [];
      const r = await generateToFile(model as any, out, {
        onDrone: (d) => drones.push(d),
        seconds: o.seconds, seed: o.seed, temperature: o.temperature, chains: o.chains, thin: o.thin, burnIn: o.burnIn,
        annealing: o.annealFrom ? { from: o.annealFrom, to: o.temperature, steps: o.burnIn ?? d.burnIn } : undefined,
        style: o.style, prime, primeSeconds: o.primeSeconds, loop: !!o.loop, crossfadeSeconds: o.crossfade,
        nIter: o.nIter, blockSeconds: o.blockSeconds, force: o.force,
        pulse: o.pulse ? { everySeconds: o.pulse, steps: 1, temperature: 30 } : false,
        onProgress: (done, total) => progress.update(Math.round((done / total) * o.seconds)),
      });
      progress.stop();
      console.log(`generated ${(r.samples / r.sampleRate).toFixed(1)} s at ${r.sampleRate} Hz${o.loop ? ' (seamless loop)' : ''}${o.style ? `, style ${o.style}` : ''}${prime ? `, continuing ${o.prime}` : ''}`);
      console.log(`file: ${out}`);
      // A chain stuck on one sound is the most common way generation fails: say so, with what to try.
      if (drones.length) {
        const at = drones.map((d) => `${d.startSeconds.toFixed(0)}–${(d.startSeconds + d.seconds).toFixed(0)} s`).join(', ');
        console.log(`warning: static drone (the sound changes less than ${DRONE_CHANGE} over 1 s; music ≈ 0.12) at ${at}; try another --seed, --temperature 1, --pulse 0.5 or a temporal model (train --model crbm|rnnrbm)`);
      }
      console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}
