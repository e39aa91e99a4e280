/** One entry point for every data set: the bundled OpenMSX tracks, the Wesnoth corpus, or synthetic music. */
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { SampleRate, Seconds } from '../types';
import { ParameterError, RbmMusicError } from '../errors';
import type { DatasetClip, ProgressCallback } from './types';
import { DEFAULT_CACHE_DIR, PACKAGE_ROOT } from './renderCache';
import { OPENMSX_STYLES, loadOpenmsx } from './openmsx';
import { DEFAULT_SOUND_FONT } from './soundFonts';
import { loadAudioFolder } from './loadAudioFolder';
import { synthesizeDataset } from './synthesizeDataset';
import type { SyntheticStyle } from './synthesizeMusic';

/** The data sets {@link loadDataset} knows. */
export const DATASET_NAMES = ['openmsx', 'wesnoth', 'synthetic'] as const;
/** A data set name. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/** Options for {@link loadDataset}; unset ones take the data set's entry in {@link DATASET_DEFAULTS}. */
export interface LoadDatasetOptions {
  /** Length of each clip in seconds. */
  clipSeconds?: Seconds;
  /** Where in each song the clip starts (seconds after the first note; default 0). Not used by 'synthetic'. */
  offsetSeconds?: Seconds;
  /** Number of clips (at most one per track). */
  maxClips?: number;
  /** Sample rate of the clips (default 16 kHz). */
  sampleRate?: SampleRate;
  /** Styles to include: OpenMSX 'blues' | 'rock' | 'pipes-strings' | 'other'; synthetic 'chords' | 'arpeggio'. */
  styles?: string[];
  /** SoundFont for MIDI rendering (OpenMSX): 'FluidR3Mono' (default), 'TimGM6mb', 'MSBasic' or a file path. */
  soundFont?: string;
  /** Folder for rendered clips (default `<repo>/cache/datasets`, git-ignored). */
  cacheDir?: string;
  /** Seed (synthetic only; default 0). */
  seed?: number;
  /** Render threads for OpenMSX (default: 1 up to 10 min of audio, else one per core; see renderMidiFiles). */
  workers?: number;
  /** Called after each clip is ready: (done, total, name). */
  onProgress?: ProgressCallback;
}

/**
 * Per data set defaults. OpenMSX: 12 clips × 30 s (6 min, 4 per style class) renders in ~4–8 s on 2 cores and
 * gives ~22 000 STFT frames at hop 256, enough for the lessons' RBMs within a notebook's 90 s budget.
 */
export const DATASET_DEFAULTS = {
  openmsx: { clipSeconds: 30, maxClips: 12, styles: [...OPENMSX_STYLES] as string[] },
  wesnoth: { clipSeconds: 30, maxClips: 12, styles: undefined as string[] | undefined },
  synthetic: { clipSeconds: 4, maxClips: 8, styles: ['chords', 'arpeggio'] as string[] },
  common: { sampleRate: 16000, offsetSeconds: 0, soundFont: DEFAULT_SOUND_FONT, cacheDir: DEFAULT_CACHE_DIR, seed: 0 },
};

/** The command that builds the Wesnoth corpus. */
export const WESNOTH_SCRIPT = 'bash data-scripts/wesnoth.sh';

function positive(name: string, v: number, integer: boolean): void {
  if (!(v > 0 && Number.isFinite(v)) || (integer && !Number.isInteger(v))) {
    throw new ParameterError(`${name}=${v} must be a positive ${integer ? 'integer' : 'number'}`);
  }
}

/**
 * Loads a data set as mono clips with style labels where the data set has them.
 *
 * - `'openmsx'` (default): the bundled MIDI tracks rendered with spessasynth_core, cached as WAV under
 *   `cacheDir/openmsx/` keyed by a hash of (MIDI bytes, SoundFont, sampleRate, clip options, renderer version).
 *   First call ~4–8 s for the defaults; later calls read the cache in well under a second.
 * - `'wesnoth'`: the Battle for Wesnoth soundtrack (GPL-2+), after `bash data-scripts/wesnoth.sh` converted it
 *   to `cacheDir/wesnoth/*.wav`; clips are cut from `offsetSeconds`. No style labels.
 * - `'synthetic'`: {@link synthesizeDataset} (seeded chords / arpeggios), instant, for tests.
 *
 * @throws ParameterError for an unknown name, unknown style or bad numbers; RbmMusicError (with the command to
 *   run) when the Wesnoth folder is missing.
 * @example const clips = await loadDataset('openmsx', { maxClips: 6, clipSeconds: 20 });
 */
export async function loadDataset(name: string = 'openmsx', opts: LoadDatasetOptions = {}): Promise<DatasetClip[]> {
  if (!(DATASET_NAMES as readonly string[]).includes(name)) {
    throw new ParameterError(`dataset=${JSON.stringify(name)} is not known; valid: ${DATASET_NAMES.join(', ')} (or use loadAudioFolder(folder) for your own files)`);
  }
  const d = DATASET_DEFAULTS[name as DatasetName];
  const o = { ...DATASET_DEFAULTS.common, ...d, ...stripUndefined(opts) };
  positive('clipSeconds', o.clipSeconds, false);
  positive('maxClips', o.maxClips, true);
  positive('sampleRate', o.sampleRate, true);
  if (!(o.offsetSeconds >= 0)) throw new ParameterError(`offsetSeconds=${o.offsetSeconds} must be ≥ 0`);
  const cacheDir = path.resolve(o.cacheDir);
  if (name === 'openmsx') {
    return loadOpenmsx({ ...o, styles: o.styles ?? [...OPENMSX_STYLES], cacheDir });
  }
  if (name === 'synthetic') {
    const styles = (o.styles ?? ['chords', 'arpeggio']) as SyntheticStyle[];
    for (const s of styles) {
      if (s !== 'chords' && s !== 'arpeggio') throw new ParameterError(`styles: ${JSON.stringify(s)} is not a synthetic style; valid: chords, arpeggio`);
    }
    const clips = synthesizeDataset({ seed: o.seed, clips: o.maxClips, seconds: o.clipSeconds, styles, sampleRate: o.sampleRate });
    clips.forEach((c, i) => o.onProgress?.(i + 1, clips.length, c.name));
    return clips;
  }
  return loadWesnoth(path.join(cacheDir, 'wesnoth'), o);
}

async function loadWesnoth(dir: string, o: Required<Pick<LoadDatasetOptions, 'clipSeconds' | 'offsetSeconds' | 'maxClips' | 'sampleRate'>> & LoadDatasetOptions): Promise<DatasetClip[]> {
  if (!existsSync(dir) || !readdirSync(dir).some((f) => f.endsWith('.wav'))) {
    const rel = path.relative(process.cwd(), dir);
    const shown = rel && !rel.startsWith('..') ? rel : dir;
    const env = dir === path.join(DEFAULT_CACHE_DIR, 'wesnoth') ? '' : `OUT=${dir} `;
    throw new RbmMusicError(`the Wesnoth data set is not in ${shown}: run \`${env}${WESNOTH_SCRIPT}\` in ${PACKAGE_ROOT} once ` +
      `(installs wesnoth-1.16-music and sox with apt, ~153 MB download, then converts to 16 kHz WAV)`);
  }
  const all = await loadAudioFolder(dir, { sampleRate: o.sampleRate, recursive: false });
  const picked = all.slice(0, o.maxClips).map((c) => {
    const sr = c.clip.sampleRate, y = c.clip.channels[0];
    const from = Math.min(y.length, Math.round(o.offsetSeconds! * sr));
    return { ...c, clip: { sampleRate: sr, channels: [y.slice(from, from + Math.round(o.clipSeconds * sr))] } };
  });
  picked.forEach((c, i) => o.onProgress?.(i + 1, picked.length, c.name));
  return picked;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
