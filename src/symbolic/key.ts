/**
 * Key finding (Krumhansl & Kessler 1982 profiles, Krumhansl–Schmuckler algorithm) so songs can be transposed
 * to a common key before training: an RBM then sees one scale instead of twelve and needs fewer hidden units
 * per chord shape (Boulanger-Lewandowski et al. 2012 transposed their data sets to C major / A minor the same way).
 */
import type { MidiSong } from './readMidi';
import { DRUM_CHANNEL } from './readMidi';

/** Krumhansl & Kessler's probe-tone ratings for C major and C minor, tonic first. */
export const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
export const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

/** A key: tonic pitch class (0 = C … 11 = B), mode, and the profile correlation that chose it (−1…1). */
export interface Key {
  tonic: number;
  mode: 'major' | 'minor';
  correlation: number;
}

/**
 * The key whose profile correlates best with the song's duration-weighted pitch-class histogram.
 * @example keyOf(song) // { tonic: 7, mode: 'major', correlation: 0.83 } = G major
 */
export function keyOf(song: MidiSong): Key {
  const hist = new Float64Array(12);
  for (const n of song.notes) if (n.channel !== DRUM_CHANNEL) hist[((n.pitch % 12) + 12) % 12] += n.endBeat - n.startBeat;
  let best: Key = { tonic: 0, mode: 'major', correlation: -Infinity };
  for (const [mode, profile] of [['major', MAJOR_PROFILE], ['minor', MINOR_PROFILE]] as const) {
    for (let tonic = 0; tonic < 12; tonic++) {
      const r = correlation(hist, (pc) => profile[(pc - tonic + 12) % 12]);
      if (r > best.correlation) best = { tonic, mode, correlation: r };
    }
  }
  return best;
}

/**
 * Semitones (−6…+5, the smallest move) that take the song's key to C major or A minor.
 * @example notesToPianoRoll(song, { transpose: transposeToC(song) })
 */
export function transposeToC(song: MidiSong): number {
  const k = keyOf(song);
  const target = k.mode === 'major' ? 0 : 9;
  return ((target - k.tonic + 18) % 12) - 6;
}

function correlation(x: Float64Array, y: (i: number) => number): number {
  let mx = 0, my = 0;
  for (let i = 0; i < 12; i++) { mx += x[i] / 12; my += y(i) / 12; }
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < 12; i++) { const a = x[i] - mx, b = y(i) - my; sxy += a * b; sxx += a * a; syy += b * b; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}
