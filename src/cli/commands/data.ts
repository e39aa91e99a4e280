/** `rbm-music data`: prepare a data set (render / load / synthesise), show progress, say where the files are. */
import { copyFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { audioDuration, saveWav } from '../../audio';
import { FileExistsError } from '../../errors';
import { atomicWriteFile } from '../../util/atomicWrite';
import { DATASET_NAMES, DEFAULT_CACHE_DIR, OPENMSX_DIR, loadDataset, type DatasetClip } from '../../data';
import { createProgress } from '../progress';
import { commaList, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber } from '../parse';

interface DataOptions {
  dataset: string; clips?: number; seconds?: number; offset?: number; styles?: string[]; soundFont?: string;
  seed?: number; out?: string; force?: boolean; cacheDir?: string;
}

/** A file name for a clip name ('jazz/take 1' → 'jazz__take_1'). */
const fileNameOf = (name: string) => name.replace(/[\\/]+/g, '__').replace(/[^\w.-]+/g, '_');

/** Adds `data` to the program. */
export function registerData(program: Command): void {
  program.command('data')
    .description('prepare a data set: render the bundled OpenMSX MIDI tracks (cached), load the Wesnoth corpus, or synthesise music')
    .addOption(new Option('-d, --dataset <name>', 'data set').choices([...DATASET_NAMES]).default('openmsx'))
    .option('-n, --clips <n>', 'number of clips (default: openmsx/wesnoth 12, synthetic 8)', positiveInt('--clips'))
    .option('-s, --seconds <s>', 'seconds per clip (default: openmsx/wesnoth 30, synthetic 4)', positiveNumber('--seconds'))
    .option('--offset <s>', 'start each clip this many seconds into the song (default 0)', nonNegativeNumber('--offset'))
    .option('--styles <list>', 'comma-separated styles (openmsx: blues,rock,pipes-strings,other; synthetic: chords,arpeggio)', commaList)
    .option('--sound-font <id|file>', 'SoundFont for MIDI: FluidR3Mono (default), TimGM6mb, MSBasic, or an .sf2/.sf3 path')
    .option('--seed <n>', 'seed for the synthetic data set (default 0)', nonNegativeInt('--seed'))
    .option('-o, --out <dir>', 'also write the clips as 16-bit WAV files plus dataset.json (and licence files) to this folder')
    .option('-f, --force', 'overwrite existing files in --out')
    .option('--cache-dir <dir>', `folder for rendered clips (default ${path.relative(process.cwd(), DEFAULT_CACHE_DIR) || DEFAULT_CACHE_DIR})`)
    .addHelpText('after', '\nExamples:\n  rbm-music data\n  rbm-music data --dataset synthetic --clips 4 --out my-set\n  bash data-scripts/wesnoth.sh && rbm-music data --dataset wesnoth')
    .action(async (opts: DataOptions, cmd: Command) => {
      const { quiet } = cmd.optsWithGlobals<{ quiet?: boolean }>();
      const started = performance.now();
      const progress = createProgress({ quiet });
      let begun = false;
      const clips = await loadDataset(opts.dataset, {
        maxClips: opts.clips, clipSeconds: opts.seconds, offsetSeconds: opts.offset, styles: opts.styles,
        soundFont: opts.soundFont, seed: opts.seed, cacheDir: opts.cacheDir,
        onProgress: (done, total, name) => {
          if (!begun) { progress.start(total, opts.dataset); begun = true; }
          progress.update(done, path.basename(name));
        },
      }).finally(() => progress.stop());
      const where = opts.out !== undefined ? await exportClips(clips, opts) : await placeInCache(clips, opts);
      console.log(summary(opts.dataset, clips));
      console.log(`files: ${where}`);
      console.log(`took ${((performance.now() - started) / 1000).toFixed(1)} s`);
    });
}

function summary(dataset: string, clips: DatasetClip[]): string {
  const seconds = clips.reduce((s, c) => s + audioDuration(c.clip), 0);
  const styles = new Map<string, number>();
  for (const c of clips) if (c.style) styles.set(c.style, (styles.get(c.style) ?? 0) + 1);
  const byStyle = [...styles].map(([s, n]) => `${s} ${n}`).join(', ');
  const length = seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`;
  return `${dataset}: ${clips.length} clip${clips.length === 1 ? '' : 's'}, ${length} of audio at ${clips[0]?.clip.sampleRate ?? 0} Hz${byStyle ? ` (${byStyle})` : ''}`;
}

/** Synthetic clips live only in memory: store them in the cache so the command leaves files behind. */
async function placeInCache(clips: DatasetClip[], opts: DataOptions): Promise<string> {
  if (clips.every((c) => c.path)) return path.dirname(clips[0].path!);
  const dir = path.join(path.resolve(opts.cacheDir ?? DEFAULT_CACHE_DIR), `${opts.dataset}-seed${opts.seed ?? 0}`);
  for (const c of clips) await saveWav(path.join(dir, `${fileNameOf(c.name)}.wav`), c.clip, { bitDepth: 16, force: true });
  return dir;
}

/** Writes WAV copies, an index and (for OpenMSX) the licence files to --out; checks every target first. */
async function exportClips(clips: DatasetClip[], opts: DataOptions): Promise<string> {
  const dir = path.resolve(opts.out!);
  const licence = opts.dataset === 'openmsx' ? ['copyright', 'license.txt', 'readme.txt'] : [];
  const targets = [...clips.map((c) => path.join(dir, `${fileNameOf(c.name)}.wav`)), path.join(dir, 'dataset.json'), ...licence.map((f) => path.join(dir, f))];
  const existing = targets.find((t) => existsSync(t));
  if (existing && !opts.force) throw new FileExistsError(`${existing} already exists; pass --force to overwrite the files in ${dir}`);
  const index = clips.map((c, i) => ({
    name: c.name, style: c.style, file: path.basename(targets[i]),
    seconds: +audioDuration(c.clip).toFixed(3), sampleRate: c.clip.sampleRate,
  }));
  for (let i = 0; i < clips.length; i++) await saveWav(targets[i], clips[i].clip, { bitDepth: 16, force: true });
  for (const f of licence) copyFileSync(path.join(OPENMSX_DIR, f), path.join(dir, f));
  const note = opts.dataset === 'openmsx' ? 'OpenMSX music, GPL-2.0: rendered audio is a derived work; see copyright, license.txt, readme.txt'
    : opts.dataset === 'wesnoth' ? 'Battle for Wesnoth music, GPL-2+' : 'synthetic (seeded), no licence restrictions';
  await atomicWriteFile(path.join(dir, 'dataset.json'), JSON.stringify({ dataset: opts.dataset, licence: note, clips: index }, null, 1) + '\n', { force: true });
  return dir;
}
