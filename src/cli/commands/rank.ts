/**
 * `rbm-music rank`: score audio files by how well they fit a model trained on your collection (mean free
 * energy per frame, calibrated as a z-score against the training frames; see src/generate/rank.ts).
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { ParameterError } from '../../errors';
import { loadAudioFolder } from '../../data';
import { loadMusicModel, rankByModel, type RankInput } from '../../generate';
import { initBackend } from '../../rbm';
import { createProgress } from '../progress';
import { positiveNumber } from '../parse';
import { DEFAULT_MODEL_PATH } from './train';

/** Adds `rank` to the program. */
export function registerRank(program: Command): void {
  program.command('rank')
    .description('rank audio files by how well they fit a model ("personal taste": train on your favourites, rank the rest)')
    .argument('<inputs...>', 'folders and/or WAV files to rank')
    .option('-m, --model <file>', 'model file from `rbm-music train`', DEFAULT_MODEL_PATH)
    .option('--max-seconds <s>', 'score only the first seconds of each file', positiveNumber('--max-seconds'))
    .option('--json', 'print the ranking as JSON')
    .addHelpText('after', '\nScore: (mean free energy of the training frames − the clip\'s) / their standard deviation.\n' +
      '0 = as typical as the training music; negative = less typical.\n\nExamples:\n' +
      '  rbm-music train ~/favourites -o models/mine.json\n  rbm-music rank --model models/mine.json ~/new-music')
    .action(async (inputs: string[], o: { model: string; maxSeconds?: number; json?: boolean }, cmd: Command) => {
      const { quiet } = cmd.optsWithGlobals<{ quiet?: boolean }>();
      await initBackend({ log: () => {} });
      const model = await loadMusicModel(o.model);
      if ((model.meta as { model?: string }).model === 'crbm') {
        throw new ParameterError(`${o.model} is a temporal CRBM; rank needs a frame RBM (train one with --model rbm)`);
      }
      const items: RankInput[] = [];
      for (const input of inputs) {
        if (!existsSync(input)) throw new ParameterError(`${input} does not exist`);
        if (statSync(input).isDirectory()) {
          for (const c of await loadAudioFolder(input)) items.push({ name: path.relative(process.cwd(), c.path ?? c.name) || c.name, clip: c.clip });
        } else items.push(input);
      }
      if (items.length === 0) throw new ParameterError(`no audio files found in ${inputs.join(', ')}`);
      const progress = createProgress({ quiet });
      progress.start(items.length, 'scoring');
      const ranked = [];
      for (const [i, item] of items.entries()) {
        ranked.push(...(await rankByModel(model as any, [item], { maxSeconds: o.maxSeconds })));
        progress.update(i + 1, typeof item === 'string' ? path.basename(item) : item.name);
      }
      progress.stop();
      ranked.sort((a, b) => b.score - a.score);
      if (o.json) {
        console.log(JSON.stringify(ranked, null, 1));
        return;
      }
      console.log(`rank  score    mean F/frame  name`);
      ranked.forEach((r, i) => console.log(`${String(i + 1).padStart(4)}  ${r.score.toFixed(2).padStart(6)}  ${r.meanFreeEnergy.toFixed(2).padStart(12)}  ${r.name}`));
    });
}
