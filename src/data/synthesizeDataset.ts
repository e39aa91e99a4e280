/** A labelled synthetic data set for fast tests of training and style conditioning. */
import type { SampleRate, Seconds } from '../types';
import { ParameterError } from '../errors';
import { Random } from '../util/random';
import type { DatasetClip } from './types';
import { synthesizeMusic, type SyntheticStyle } from './synthesizeMusic';

/** Options for {@link synthesizeDataset}. */
export interface SynthesizeDatasetOptions {
  /** Seed for the whole set; each clip gets its own seed drawn from it. */
  seed: number;
  /** Number of clips (default 8), styles taken in turn. */
  clips?: number;
  /** Seconds per clip (default 4). */
  seconds?: Seconds;
  /** Styles to cycle through (default both: 'chords', 'arpeggio'). */
  styles?: SyntheticStyle[];
  /** Sample rate (default 16 kHz). */
  sampleRate?: SampleRate;
}

/** Defaults of {@link synthesizeDataset}. */
export const SYNTHESIZE_DATASET_DEFAULTS = { clips: 8, seconds: 4, styles: ['chords', 'arpeggio'] as SyntheticStyle[], sampleRate: 16000 };

/**
 * Makes `clips` seeded synthetic clips labelled with their style, alternating styles.
 *
 * @throws ParameterError if `clips` is not a positive integer or `styles` is empty.
 * @example const set = synthesizeDataset({ seed: 7, clips: 4 }); // chords, arpeggio, chords, arpeggio
 */
export function synthesizeDataset(opts: SynthesizeDatasetOptions): DatasetClip[] {
  const o = { ...SYNTHESIZE_DATASET_DEFAULTS, ...opts };
  if (!Number.isInteger(o.clips) || o.clips < 1) throw new ParameterError(`clips=${o.clips} must be a positive integer`);
  if (!Array.isArray(o.styles) || o.styles.length === 0) throw new ParameterError(`styles must list at least one of 'chords', 'arpeggio'`);
  const rng = new Random(o.seed);
  return Array.from({ length: o.clips }, (_, i) => {
    const style = o.styles[i % o.styles.length];
    const clip = synthesizeMusic({ seed: rng.nextUint32(), seconds: o.seconds, sampleRate: o.sampleRate, style });
    return { name: `synthetic-${style}-${String(i).padStart(2, '0')}`, style, clip };
  });
}
