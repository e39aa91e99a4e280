/**
 * The fuzzing harness shared by test/fuzz/*.test.ts. Seeded fuzzing of every input format we read (issue 11): WAV, FLAC, Ogg Vorbis, MP3 and model files,
 * FUZZ_MUTANTS mutants each. Every mutant must either load to valid data or throw one of our typed errors
 * (RbmMusicError subclasses) whose message names the file; no mutant may take longer than 2 s, and the process
 * may not grow by more than the stated memory limit (RBM_MUSIC_MEMORY_LIMIT is set to FUZZ_LIMIT here, plus a
 * fixed allowance for the decoders' own WebAssembly heaps).
 *
 * Mutations: truncation, byte flips in the header region and anywhere, extreme 32-bit values written over
 * header words, and format-aware edits that get past integrity checks so the deeper code is reached (Ogg pages
 * re-checksummed, FLAC STREAMINFO fields, model headers edited field by field and re-sealed).
 * (test/audio/badInput.test.ts holds the hand-written WAV cases; the old 2,000-mutant decodeWav fuzz moved here.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decodeAudio, validClip } from '../../src/audio';
import { RbmMusicError } from '../../src/errors';
import { MEMORY_LIMIT_ENV } from '../../src/util/memoryBudget';
import { Random } from '../../src/util/random';
import { oggCrc } from '../audio/oggHelpers';

/** Mutants per format (the issue asks for at least 2,000). */
export const FUZZ_MUTANTS = 2000;
/** The memory limit stated for these runs: every request our code checks must fit it. */
export const FUZZ_LIMIT = '256M';
const FUZZ_LIMIT_BYTES = 256 * 2 ** 20;
/** Growth of the process allowed beyond the limit: the wasm decoders' heaps and V8's own slack. */
export const SLACK_BYTES = 256 * 2 ** 20;
/** Longest any single mutant may take, in CPU milliseconds (a hang shows as a mutant over this). */
export const MAX_MS = 2000;

export const FIX = path.join(__dirname, '..', 'fixtures', 'audio');
export const dir = mkdtempSync(path.join(tmpdir(), 'rbm-fuzz-'));
/** Removes the scratch folder when the calling test file ends. */
export function cleanUpAfter(): void {
  test.after(() => rmSync(dir, { recursive: true, force: true }));
}

export type Mutator = (good: Uint8Array, r: Random, k: number) => Uint8Array;

export const EXTREMES = [0, 1, 2, 8, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];

/** Generic byte-level mutations, chosen by k so every kind is well represented. */
export function byteMutant(good: Uint8Array, r: Random, k: number, headerBytes: number): Uint8Array {
  const b = good.slice();
  const h = Math.min(headerBytes, b.length);
  switch (k % 5) {
    case 0: return b.subarray(0, r.int(b.length)); // truncate anywhere
    case 1: for (let j = 0, n = 1 + r.int(4); j < n; j++) b[r.int(h)] = r.int(256); return b; // header bytes
    case 2: for (let j = 0, n = 1 + r.int(8); j < n; j++) b[r.int(b.length)] = r.int(256); return b; // anywhere
    case 3: { // an extreme 32-bit value over a header word
      const at = r.int(Math.max(1, h - 4));
      new DataView(b.buffer).setUint32(at, EXTREMES[r.int(EXTREMES.length)], r.int(2) === 0);
      return b;
    }
    default: { // duplicate or drop a run of bytes (shifts every later structure)
      const at = r.int(b.length), len = 1 + r.int(64);
      return r.int(2) ? Uint8Array.from([...b.subarray(0, at), ...b.subarray(at, at + len), ...b.subarray(at)]) : Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + len)]);
    }
  }
}

/** Recomputes the CRC of every well-formed Ogg page, so a mutated page reaches the Vorbis decoder. */
export function resealOgg(b: Uint8Array): Uint8Array {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 0; at + 27 <= b.length;) {
    if (b[at] !== 0x4f || b[at + 1] !== 0x67 || b[at + 2] !== 0x67 || b[at + 3] !== 0x53) break; // "OggS"
    const segs = b[at + 26];
    if (at + 27 + segs > b.length) break;
    const len = 27 + segs + b.subarray(at + 27, at + 27 + segs).reduce((a, c) => a + c, 0);
    if (at + len > b.length) break;
    v.setUint32(at + 22, 0, true);
    v.setUint32(at + 22, oggCrc(b.subarray(at, at + len)), true);
    at += len;
  }
  return b;
}

export interface Outcome { loaded: number; typed: number; slowest: number; peakGrowth: number }

/** Runs `n` mutants of `good` through `load`, asserting the contract for each; returns counts for the report. */
export async function fuzz(ext: string, good: Uint8Array, mutate: Mutator, load: (bytes: Uint8Array, name: string) => Promise<unknown>, seed: number): Promise<Outcome> {
  const r = new Random(seed);
  const out: Outcome = { loaded: 0, typed: 0, slowest: 0, peakGrowth: 0 };
  await load(good, `warm-up.${ext}`).catch(() => {}); // the first call loads and compiles the decoder: not a mutant's time
  global.gc?.();
  const base = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let k = 0; k < FUZZ_MUTANTS; k++) {
    const bytes = mutate(good, r, k);
    const name = `fuzz-${ext}-${k}.${ext}`;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      await load(bytes, name);
      out.loaded++;
    } catch (e) {
      assert.ok(e instanceof RbmMusicError, `${name} (mutation ${k % 5}): untyped ${(e as Error)?.name}: ${(e as Error)?.message}`);
      assert.ok(e.message.includes(name), `${name}: the message does not name the file: ${e.message}`);
      out.typed++;
    }
    // CPU time, not wall time: the test must not fail because other processes share the cores (a spinning hang
    // burns CPU; a stalled promise is caught by the test's timeout). Wall time gets a looser bound.
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    const wall = performance.now() - t0;
    out.slowest = Math.max(out.slowest, ms);
    assert.ok(ms < MAX_MS, `${name} (mutation ${k % 5}) took ${ms.toFixed(0)} ms of CPU`);
    assert.ok(wall < 10 * MAX_MS, `${name} (mutation ${k % 5}) took ${wall.toFixed(0)} ms`);
    if (k % 50 === 0) {
      const growth = process.memoryUsage.rss() - base;
      out.peakGrowth = Math.max(out.peakGrowth, growth);
      assert.ok(growth < FUZZ_LIMIT_BYTES + SLACK_BYTES, `${name}: the process grew by ${(growth / 2 ** 20).toFixed(0)} MiB`);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  console.log(`fuzz ${ext}: ${out.loaded} loaded, ${out.typed} typed errors, slowest ${out.slowest.toFixed(0)} ms CPU, RSS growth ≤ ${(out.peakGrowth / 2 ** 20).toFixed(0)} MiB, ` +
    `${((performance.now() - wall0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`);
  return out;
}

/** Decodes like the CLI does (mono, resampled to 16 kHz), and checks the clip. */
export async function decode(bytes: Uint8Array, name: string): Promise<void> {
  validClip(await decodeAudio(bytes, { fileName: name, sampleRate: 16000, mono: true }), name);
}

export const withLimit = async <T>(f: () => Promise<T>): Promise<T> => {
  const saved = process.env[MEMORY_LIMIT_ENV];
  process.env[MEMORY_LIMIT_ENV] = FUZZ_LIMIT;
  try { return await f(); } finally { if (saved === undefined) delete process.env[MEMORY_LIMIT_ENV]; else process.env[MEMORY_LIMIT_ENV] = saved; }
};

