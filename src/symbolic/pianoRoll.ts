/**
 * The piano roll: a song as a binary matrix, one row per time step and one column per pitch, 1 where a note
 * sounds. It is the visible layer of every note model in this stage (Boulanger-Lewandowski et al. 2012 use the
 * same representation).
 */
import { ParameterError } from '../errors';
import type { Matrix, Seconds } from '../types';

/** A MIDI note number (60 = middle C, 69 = A4 = 440 Hz). */
export type MidiPitch = number;

/**
 * How rows map to time: `beats` follows the file's tempo map (stepsPerBeat 4 = sixteenth notes, so a bar of 4/4
 * is 16 rows whatever the tempo); `seconds` cuts fixed frames (tempo changes and swing stay in the data).
 * `bpm` is the tempo used to play a beats-grid roll back (the tempo in force at the song's first note).
 */
export type PianoRollGrid =
  | { kind: 'beats'; stepsPerBeat: number; bpm: number }
  | { kind: 'seconds'; frameSeconds: Seconds };

/**
 * A piano roll: `rows` time steps × `cols` pitches, `data[t * cols + k] = 1` when pitch `lowestPitch + k` sounds
 * at step t (0 otherwise). A Matrix, so it goes straight into `RBM.fit` and the other models.
 */
export interface PianoRoll extends Matrix {
  /** MIDI pitch of column 0. */
  lowestPitch: MidiPitch;
  grid: PianoRollGrid;
  /** Song name (file name without .mid), used in messages and captions. */
  name: string;
  /** Percussion (General MIDI channel 10) as its own roll, when read with `drums: 'separate'`. */
  drums?: PianoRoll;
}

/** Seconds per row of a roll (beats grid: at its playback tempo). */
export function stepSeconds(grid: PianoRollGrid): Seconds {
  return grid.kind === 'seconds' ? grid.frameSeconds : 60 / grid.bpm / grid.stepsPerBeat;
}

/** The MIDI pitches of a roll's columns, lowest first. */
export function pitchesOf(roll: PianoRoll): MidiPitch[] {
  return Array.from({ length: roll.cols }, (_, k) => roll.lowestPitch + k);
}

/**
 * The same roll over another pitch range `[low, high]` (inclusive): columns are added (silent) or dropped;
 * notes outside the new range are lost. Use it to give every song of a data set the same visible units.
 * @throws ParameterError if the range is empty or outside 0…127.
 * @example const rolls = songs.map((r) => withPitchRange(r, [36, 96]));
 */
export function withPitchRange(roll: PianoRoll, range: readonly [MidiPitch, MidiPitch]): PianoRoll {
  const [low, high] = range;
  checkRange(range, 'withPitchRange: range');
  const cols = high - low + 1;
  const data = new Float32Array(roll.rows * cols);
  for (let t = 0; t < roll.rows; t++) {
    for (let k = 0; k < roll.cols; k++) {
      const c = roll.lowestPitch + k - low;
      if (c >= 0 && c < cols) data[t * cols + c] = roll.data[t * roll.cols + k];
    }
  }
  return { ...roll, cols, lowestPitch: low, data };
}

/** Rows [start, end) of a roll, keeping its pitch range and grid. */
export function sliceSteps(roll: PianoRoll, start: number, end: number): PianoRoll {
  const s = Math.max(0, Math.min(roll.rows, start)), e = Math.max(s, Math.min(roll.rows, end));
  return { ...roll, rows: e - s, data: roll.data.slice(s * roll.cols, e * roll.cols), drums: undefined };
}

/** Number of sounding notes per step, averaged over the roll (polyphony). */
export function meanPolyphony(roll: PianoRoll): number {
  let s = 0;
  for (let i = 0; i < roll.data.length; i++) s += roll.data[i];
  return roll.rows > 0 ? s / roll.rows : 0;
}

/** Checks a MIDI pitch range `[low, high]`, low ≤ high, both in 0…127. */
export function checkRange(range: readonly [number, number], name: string): void {
  const [low, high] = range ?? [];
  if (!Number.isInteger(low) || !Number.isInteger(high) || low < 0 || high > 127 || low > high) {
    throw new ParameterError(`${name} must be [low, high] MIDI pitches with 0 ≤ low ≤ high ≤ 127, got ${JSON.stringify(range)}`);
  }
}
