/**
 * Shared types used by every pipeline stage: the row-major {@link Matrix}, the {@link AudioClip},
 * and documented unit aliases (in the spirit of Tone.js) so signatures say what a number means.
 */

/** A duration in seconds. */
export type Seconds = number;
/** A frequency in hertz. */
export type Hertz = number;
/** A sample rate in samples per second (Hz). */
export type SampleRate = number;
/** A count of audio samples. */
export type Samples = number;
/** A level in decibels. */
export type Decibels = number;

/**
 * A dense row-major matrix of 32-bit floats: element (r, c) lives at `data[r * cols + c]`.
 * A spectrogram is frames × bins (`data[t * cols + f]`); a data set is examples × features.
 */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

/**
 * Decoded audio: one Float32Array per channel, all the same length, samples in [-1, 1].
 */
export interface AudioClip {
  sampleRate: SampleRate;
  channels: Float32Array[];
}
