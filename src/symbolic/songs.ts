/**
 * The bundled OpenMSX songs as piano rolls on one common pitch range, and a split by song (never by frame:
 * frames of one song are far from independent, so a frame-wise split would score memory, not music).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ParameterError } from '../errors';
import { OPENMSX_DIR, openmsxTracks } from '../data/openmsx';
import { Random } from '../util/random';
import { transposeToC } from './key';
import { withPitchRange, type MidiPitch, type PianoRoll } from './pianoRoll';
import { notesToPianoRoll, readMidiNotes, type PianoRollOptions } from './readMidi';

/** Options of {@link loadSongRolls}. */
export interface LoadSongRollsOptions extends Partial<PianoRollOptions> {
  /** OpenMSX file names (default: all 31 bundled songs). */
  songs?: readonly string[];
  /** Transpose each song to C major / A minor (default true; see {@link transposeToC}). */
  transposeToC?: boolean;
  /**
   * Trim the common pitch range to where this fraction of all notes lies (default 0.998: a handful of stray
   * notes at the extremes would otherwise add a dozen always-off visible units).
   */
  keepNotes?: number;
}

/** A set of rolls on one pitch range, with the range and each song's transposition. */
export interface SongRolls {
  rolls: PianoRoll[];
  pitchRange: [MidiPitch, MidiPitch];
  transposed: Record<string, number>;
  styles: Record<string, string>;
}

/**
 * Reads OpenMSX songs into piano rolls on a common pitch range chosen from the data.
 * @throws ParameterError for an unknown song name or a bad `keepNotes`.
 * @example const { rolls, pitchRange } = loadSongRolls({ stepsPerBeat: 4 }); // 31 rolls, e.g. [31, 96]
 */
export function loadSongRolls(opts: LoadSongRollsOptions = {}): SongRolls {
  const tracks = openmsxTracks();
  const names = opts.songs ?? tracks.map((t) => t.file);
  const keep = opts.keepNotes ?? 0.998;
  if (!(keep > 0.5 && keep <= 1)) throw new ParameterError(`keepNotes must be in (0.5, 1], got ${keep}`);
  const transposed: Record<string, number> = {}, styles: Record<string, string> = {};
  const full = names.map((file) => {
    const track = tracks.find((t) => t.file === file || t.file === `${file}.mid`);
    if (!track) throw new ParameterError(`songs: ${JSON.stringify(file)} is not a bundled OpenMSX song; valid: ${tracks.map((t) => t.file).join(', ')}`);
    const song = readMidiNotes(readFileSync(path.join(OPENMSX_DIR, track.file)), track.file);
    const shift = opts.transposeToC === false ? 0 : transposeToC(song);
    const name = track.file.replace(/\.mid$/, '');
    transposed[name] = shift; styles[name] = track.style;
    return { ...notesToPianoRoll(song, { ...opts, pitchRange: [0, 127], transpose: shift }), name };
  });
  const range = opts.pitchRange ? [opts.pitchRange[0], opts.pitchRange[1]] as [number, number] : commonRange(full, keep);
  return { rolls: full.map((r) => withPitchRange(r, range)), pitchRange: range, transposed, styles };
}

/** The narrowest [low, high] holding `keep` of all note-steps, trimmed equally from both ends. */
function commonRange(rolls: PianoRoll[], keep: number): [number, number] {
  const count = new Float64Array(128);
  for (const r of rolls) for (let i = 0; i < r.data.length; i++) if (r.data[i]) count[r.lowestPitch + (i % r.cols)]++;
  const total = count.reduce((a, b) => a + b, 0), cut = (1 - keep) / 2 * total;
  let low = 0, high = 127, acc = 0;
  while (low < 127 && acc + count[low] <= cut) acc += count[low++];
  acc = 0;
  while (high > low && acc + count[high] <= cut) acc += count[high--];
  return [low, high];
}

/**
 * Splits rolls by song into training and test sets: a seeded shuffle, then the first `testFraction` of the
 * songs (at least one) are held out.
 * @throws ParameterError if testFraction is not in (0, 1) or fewer than 2 rolls are given.
 * @example const { train, test } = splitBySong(rolls, { testFraction: 0.25, seed: 0 });
 */
export function splitBySong(rolls: PianoRoll[], opts: { testFraction?: number; seed?: number } = {}): { train: PianoRoll[]; test: PianoRoll[] } {
  const f = opts.testFraction ?? 0.25;
  if (!(f > 0 && f < 1)) throw new ParameterError(`testFraction must be in (0, 1), got ${f}`);
  if (rolls.length < 2) throw new ParameterError(`splitBySong needs at least 2 songs, got ${rolls.length}`);
  const order = rolls.map((_, i) => i);
  const rng = new Random(opts.seed ?? 0);
  for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(rng.next() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  const nTest = Math.min(rolls.length - 1, Math.max(1, Math.round(f * rolls.length)));
  const testIdx = new Set(order.slice(0, nTest));
  return { train: rolls.filter((_, i) => !testIdx.has(i)), test: rolls.filter((_, i) => testIdx.has(i)) };
}
