/**
 * A seeded synthetic "music" generator for fast tests and toy lessons: chord progressions or arpeggios built
 * from harmonic tones with envelopes. Two styles that differ clearly in register, rhythm and timbre, so
 * style-conditioned models have something easy to tell apart.
 */
import type { AudioClip, SampleRate, Seconds } from '../types';
import { ParameterError } from '../errors';
import { Random } from '../util/random';
import { normalizePeak } from './clipTools';

/** The two synthetic styles: low sustained chords, or fast high plucked arpeggios. */
export type SyntheticStyle = 'chords' | 'arpeggio';

/** Options for {@link synthesizeMusic}. */
export interface SynthesizeMusicOptions {
  /** Seed: the same seed and options give bit-identical audio. */
  seed: number;
  /** Duration (default 4 s: a few chords, enough frames for a toy RBM). */
  seconds?: Seconds;
  /** Sample rate (default 16 kHz, the project's working rate). */
  sampleRate?: SampleRate;
  /** 'chords' (default): one low sustained triad per bar; 'arpeggio': sixteenth notes two octaves higher. */
  style?: SyntheticStyle;
  /** Beats per minute (default: chords 60–90, arpeggio 120–160, drawn from the seed). */
  tempo?: number;
  /** Harmonics per note, amplitude 1/k (default: chords 6 for a warm tone, arpeggio 3 for a pure bell-like one). */
  harmonics?: number;
}

/** Defaults of {@link synthesizeMusic} (tempo and harmonics default per style, see the options). */
export const SYNTHESIZE_MUSIC_DEFAULTS = { seconds: 4, sampleRate: 16000, style: 'chords' as SyntheticStyle };

/** Common pop/folk progressions as scale degrees (0 = I … 5 = vi), one chord per bar. */
const PROGRESSIONS = [[0, 4, 5, 3], [0, 3, 4, 0], [5, 3, 0, 4], [0, 5, 3, 4]];
/** Semitone offsets of the major-scale degrees. */
const MAJOR = [0, 2, 4, 5, 7, 9, 11];

const midiToHz = (m: number) => 440 * 2 ** ((m - 69) / 12);

/** Triad on a scale degree of a major key: MIDI notes of root, third, fifth. */
function triad(tonic: number, degree: number): number[] {
  return [0, 2, 4].map((step) => {
    const d = degree + step;
    return tonic + MAJOR[d % 7] + 12 * Math.floor(d / 7);
  });
}

/** Adds a harmonic tone with an attack/decay/release envelope into `out`, starting at sample `start`. */
function addNote(out: Float32Array, sr: number, start: number, length: number, hz: number, amp: number,
  harmonics: number, attack: Seconds, decayPerSecond: number): void {
  const release = Math.round(0.05 * sr);
  const end = Math.min(out.length, start + length + release);
  const a = Math.max(1, Math.round(attack * sr));
  for (let k = 1; k <= harmonics && hz * k < sr / 2; k++) {
    const w = (2 * Math.PI * hz * k) / sr;
    // Higher partials decay faster, as in struck or plucked strings.
    const decay = Math.exp(-decayPerSecond * k / sr);
    let env = amp / k;
    for (let i = start; i < end; i++) {
      const t = i - start;
      let g = env * (t < a ? t / a : 1);
      if (t >= length) g *= 1 - (t - length) / release;
      out[i] += g * Math.sin(w * t);
      env *= decay;
    }
  }
}

/**
 * Synthesises a short seeded piece of harmonic music.
 *
 * @throws ParameterError for a non-finite seed, non-positive duration or unknown style.
 * @example const y = synthesizeMusic({ seed: 1, style: 'arpeggio', seconds: 2 }).channels[0];
 */
export function synthesizeMusic(opts: SynthesizeMusicOptions): AudioClip {
  const o = { ...SYNTHESIZE_MUSIC_DEFAULTS, ...opts };
  if (!Number.isFinite(o.seed)) throw new ParameterError(`seed=${o.seed} must be a finite number`);
  if (!(o.seconds > 0 && o.seconds <= 3600)) throw new ParameterError(`seconds=${o.seconds} must be in (0, 3600]`);
  if (!Number.isInteger(o.sampleRate) || o.sampleRate < 4000) throw new ParameterError(`sampleRate=${o.sampleRate} must be an integer ≥ 4000 Hz`);
  if (o.style !== 'chords' && o.style !== 'arpeggio') throw new ParameterError(`style=${JSON.stringify(o.style)} must be 'chords' or 'arpeggio'`);
  const rng = new Random(o.seed);
  const chords = o.style === 'chords';
  const tempo = o.tempo ?? (chords ? 60 + 30 * rng.next() : 120 + 40 * rng.next());
  const harmonics = o.harmonics ?? (chords ? 6 : 3);
  if (!(tempo > 0) || !Number.isInteger(harmonics) || harmonics < 1) {
    throw new ParameterError(`tempo=${tempo} must be > 0 and harmonics=${harmonics} a positive integer`);
  }
  const sr = o.sampleRate;
  const out = new Float32Array(Math.round(o.seconds * sr));
  const beat = Math.round((60 / tempo) * sr);
  const tonic = (chords ? 40 : 64) + rng.int(12); // E2–D#3 for chords, E4–D#5 for arpeggios
  const progression = PROGRESSIONS[rng.int(PROGRESSIONS.length)];
  const bar = 4 * beat;
  for (let b = 0; b * bar < out.length; b++) {
    const notes = triad(tonic, progression[b % progression.length]);
    if (chords) {
      for (const m of notes) addNote(out, sr, b * bar, bar, midiToHz(m), 0.8 + 0.2 * rng.next(), harmonics, 0.08, 0.5);
    } else {
      const pattern = [...notes, notes[0] + 12, notes[2], notes[1]];
      const step = beat / 4;
      for (let s = 0; s < 16 && b * bar + s * step < out.length; s++) {
        const m = pattern[s % pattern.length] + (rng.next() < 0.1 ? 12 : 0); // occasional octave jump
        addNote(out, sr, Math.round(b * bar + s * step), Math.round(step), midiToHz(m), 0.7 + 0.3 * rng.next(), harmonics, 0.004, 12);
      }
    }
  }
  return normalizePeak({ sampleRate: sr, channels: [out] }, -3);
}
