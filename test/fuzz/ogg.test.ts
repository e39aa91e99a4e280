/** Fuzzing (issue 11): Ogg Vorbis files (a file of their own so the runner's two workers share the decoders' cost); see ./harness.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { byteMutant, cleanUpAfter, decode, FIX, fuzz, FUZZ_MUTANTS, resealOgg, withLimit } from './harness';

cleanUpAfter();

for (const [ext, file, headerBytes, seed] of [['ogg', 'tone-440-660.ogg', 200, 3]] as const) {
  test(`fuzz ${ext.toUpperCase()}: ${FUZZ_MUTANTS} mutants load or throw a typed error naming the file, none slow or huge`, { timeout: 1_800_000 }, async () => {
    const good = new Uint8Array(readFileSync(path.join(FIX, file)));
    const o = await withLimit(() => fuzz(ext, good, (g, r, k) => {
      let b = byteMutant(g, r, k, headerBytes);
      if (ext === 'ogg' && r.int(2) === 0) b = resealOgg(b.slice()); // get past libogg's page CRC half of the time
      return b;
    }, decode, seed));
    assert.ok(o.loaded + o.typed === FUZZ_MUTANTS);
  });
}

