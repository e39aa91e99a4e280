/** Types shared by the dataset loaders. */
import type { AudioClip } from '../types';

/** One clip of a data set: a name, an optional style label (for style-conditioned models) and the audio. */
export interface DatasetClip {
  /** Short unique name, e.g. the source file's base name ('city_blues_redfarn') or 'synthetic-chords-03'. */
  name: string;
  /** Style label, e.g. 'blues', 'rock', 'pipes-strings' (OpenMSX) or 'chords', 'arpeggio' (synthetic). */
  style?: string;
  /** The audio, mono. */
  clip: AudioClip;
  /** Where the audio lives on disk (the cached WAV or the user's file), when it does. */
  path?: string;
}

/** Called as work progresses: `done` of `total` items finished, `name` the item just finished. */
export type ProgressCallback = (done: number, total: number, name: string) => void;
