/** Fuzzing (issue 11): FLAC and MP3 files (a file of their own so the runner's two workers share the decoders' cost); see ./harness.ts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { byteMutant, cleanUpAfter, decode, FIX, fuzz, FUZZ_MUTANTS, withLimit } from './harness';

cleanUpAfter();

for (const [ext, file, headerBytes, seed] of [['flac', 'tone-440-660.flac', 64, 2], ['mp3', 'tone-440-mono.mp3', 64, 4]] as const) {
  test(`fuzz ${ext.toUpperCase()}: ${FUZZ_MUTANTS} mutants load or throw a typed error naming the file, none slow or huge`, { timeout: 1_800_000 }, async () => {
    const good = new Uint8Array(readFileSync(path.join(FIX, file)));
    const o = await withLimit(() => fuzz(ext, good, (g, r, k) => {
      let b = byteMutant(g, r, k, headerBytes);
      if (ext === 'flac' && k % 7 === 6) { // STREAMINFO: sample rate (20 bits at byte 18), channels, bits, total samples
        b = g.slice();
        const at = 18 + r.int(8);
        b[at] = [0, 0xff, r.int(256)][r.int(3)];
      }
      return b;
    }, decode, seed));
    assert.ok(o.loaded + o.typed === FUZZ_MUTANTS);
  });
}

