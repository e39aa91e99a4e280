/**
 * Issue 11: `features` now reads files block by block (openAudioReader). Damaged files must behave there as they do in
 * loadAudio: a seeded set of mutants of each format either reads to exactly loadAudio's samples, or fails with a typed
 * error naming the file — never an untyped error, never different samples.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadAudio, openAudioReader } from '../../src/audio';
import { AudioFormatError, ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import { byteMutant } from '../fuzz/harness';

const dir = mkdtempSync(path.join(tmpdir(), 'rbm-streamfuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const FIX = path.join(__dirname, '..', 'fixtures', 'audio');

async function streamed(file: string, chunk: number): Promise<Float32Array[]> {
  const r = await openAudioReader(file, { compressedChunkBytes: chunk });
  try {
    const parts: Float32Array[][] = [];
    for (;;) {
      const b = await r.read(777);
      if (b[0].length === 0) break;
      parts.push(b);
    }
    return Array.from({ length: r.channels }, (_, c) => {
      const out = new Float32Array(parts.reduce((n, p) => n + p[c].length, 0));
      let at = 0;
      for (const p of parts) { out.set(p[c], at); at += p[c].length; }
      return out;
    });
  } finally {
    r.close();
  }
}

const typedNaming = (file: string) => (e: unknown) => (e instanceof AudioFormatError || e instanceof ParameterError) && (e as Error).message.includes(file);

for (const [name, count] of [['tone-440-660.wav', 200], ['tone-440-660.flac', 40], ['tone-440-660.ogg', 40], ['tone-440-660.mp3', 40]] as const) {
  test(`${count} mutants of ${name}: block reading gives loadAudio's samples or a typed error naming the file`, async () => {
    const good = Uint8Array.from(readFileSync(path.join(FIX, name))); // a plain copy: Buffer.slice would share bytes
    const r = new Random(1111);
    const seen = { same: 0, bothRefused: 0, rateSwitchRefused: 0, onlyStreamRefused: 0, onlyStreamRead: 0 };
    for (let k = 0; k < count; k++) {
      const file = path.join(dir, `m${k}-${name}`);
      writeFileSync(file, byteMutant(good, r, k, 64));
      let whole: Float32Array[] | undefined;
      try { whole = (await loadAudio(file)).channels; } catch { /* the block reader may still fail differently, checked below */ }
      try {
        const got = await streamed(file, 1000);
        if (whole) {
          assert.deepEqual(got, whole, `mutant ${k}: block reading differs from loadAudio`);
          seen.same++;
        } else seen.onlyStreamRead++;
      } catch (e) {
        assert.ok(typedNaming(file)(e), `mutant ${k}: ${(e as Error).constructor.name}: ${(e as Error).message}`);
        if (!whole) seen.bothRefused++;
        // One known difference: a damaged MP3 frame header can switch the sample rate part-way. mpg123's whole-file
        // decode then labels all samples with the last rate it saw; a block reader has already sent the earlier
        // samples on at the first rate, so it refuses the file instead (typed, naming it).
        else if (/changes from \d+ Hz × \d+ channels to \d+ Hz/.test((e as Error).message)) seen.rateSwitchRefused++;
        else seen.onlyStreamRefused++;
      }
      rmSync(file, { force: true });
    }
    // Both outcomes occur (the mutants are neither all harmless nor all fatal), and the block reader agrees with
    // loadAudio on which files are readable.
    assert.ok(seen.same > 0 && seen.bothRefused > 0, JSON.stringify(seen));
    assert.equal(seen.onlyStreamRead + seen.onlyStreamRefused, 0, JSON.stringify(seen));
  });
}
