/**
 * `npm run bench`: runs every `bench/*.bench.ts` in turn (each prints its own table of our timings beside
 * the numpy / scikit-learn peers, as ratios). Pass a name to run one: `npm run bench -- rbm`; words after the name
 * go to that bench (`npm run bench -- music --seeds 2`). `music` (minutes: it trains models) runs only when named.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const only = process.argv[2];
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  // The music bench trains every model kind at the CLI defaults (minutes): it runs only when named.
  .filter((f) => (only ? f.startsWith(only) : !f.startsWith('music')))
  .sort();
console.log(`rbm-music benchmarks on ${require('node:os').cpus().length} cores (${require('node:os').cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`);
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, f), ...process.argv.slice(3)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
