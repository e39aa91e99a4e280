/**
 * MIDI → notes → piano roll. Parsing is done by spessasynth_core (the maintained MIDI/SoundFont library the data
 * stage already renders with), so the notes we model are exactly the notes we hear.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { BasicMIDI } from 'spessasynth_core';
import { AudioFormatError, ParameterError } from '../errors';
import type { Seconds } from '../types';
import { checkRange, type MidiPitch, type PianoRoll, type PianoRollGrid } from './pianoRoll';

/** One note of a MIDI file, in beats (quarter notes, from the tempo map) and in seconds. */
export interface MidiNote {
  pitch: MidiPitch;
  startBeat: number;
  endBeat: number;
  startSeconds: Seconds;
  endSeconds: Seconds;
  velocity: number;
  /** MIDI channel 0–15 (9 = General MIDI percussion). */
  channel: number;
}

/** The notes of a MIDI file and the timing needed to place them on a grid. */
export interface MidiSong {
  name: string;
  notes: MidiNote[];
  /** Tempo in force at the first note (beats per minute). */
  bpm: number;
  durationSeconds: Seconds;
}

/** Options of {@link midiToPianoRoll}. */
export interface PianoRollOptions {
  /** 'beats' (default: steps follow the tempo map, so bars line up) or 'seconds' (fixed frames). */
  grid: 'beats' | 'seconds';
  /** Rows per quarter note on the beats grid (default 4 = sixteenth notes, the finest common value in the songs). */
  stepsPerBeat: number;
  /** Seconds per row on the seconds grid (default 0.125 = a sixteenth at 120 bpm). */
  frameSeconds: Seconds;
  /** Pitch range [low, high] of the columns (default: the song's own lowest … highest pitched note). */
  pitchRange?: readonly [MidiPitch, MidiPitch];
  /** Semitones added to every pitched note (default 0; see `keyOf` to transpose songs to a common key). */
  transpose: number;
  /** Percussion (channel 10): 'exclude' (default: drum "pitches" are instruments, not notes) or 'separate'. */
  drums: 'exclude' | 'separate';
}

/** Defaults of {@link PianoRollOptions}. */
export const PIANO_ROLL_DEFAULTS: PianoRollOptions = { grid: 'beats', stepsPerBeat: 4, frameSeconds: 0.125, transpose: 0, drums: 'exclude' };

/** General MIDI percussion channel (channel 10, counted from 0). */
export const DRUM_CHANNEL = 9;

/**
 * Parses a Standard MIDI File into notes.
 * @param bytes the .mid file's bytes; `name` appears in error messages (e.g. the file path).
 * @throws AudioFormatError naming `name` if the bytes are not a MIDI file or hold no notes.
 * @example const song = readMidiNotes(readFileSync('data/openmsx/city_blues_redfarn.mid'), 'city_blues_redfarn');
 */
export function readMidiNotes(bytes: Uint8Array, name = 'MIDI data'): MidiSong {
  if (!(bytes instanceof Uint8Array) || bytes.length < 14) {
    throw new AudioFormatError(`${name}: not a MIDI file (${bytes?.length ?? 0} bytes; a Standard MIDI File starts with a 14-byte "MThd" header)`);
  }
  let midi: BasicMIDI;
  let perChannel: ReturnType<BasicMIDI['getNoteTimes']>;
  try {
    midi = BasicMIDI.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, name);
    perChannel = midi.getNoteTimes();
  } catch (err) {
    throw new AudioFormatError(`${name}: cannot parse MIDI: ${(err as Error).message}`, { cause: err });
  }
  const beatOf = (s: number) => midi.secondsToMIDITicks(s) / midi.timeDivision;
  const notes: MidiNote[] = [];
  perChannel.forEach((list, ch) => {
    for (const n of list) {
      const end = n.start + n.length;
      notes.push({ pitch: n.midiNote, startSeconds: n.start, endSeconds: end, startBeat: beatOf(n.start), endBeat: beatOf(end), velocity: n.velocity, channel: ch % 16 });
    }
  });
  if (notes.length === 0) throw new AudioFormatError(`${name}: the MIDI file holds no notes`);
  notes.sort((a, b) => a.startSeconds - b.startSeconds || a.pitch - b.pitch);
  // tempoChanges run from the last change to the first; the first one at or before the first note is in force there.
  const bpm = midi.tempoChanges.find((t) => t.ticks <= midi.firstNoteOn)?.tempo ?? 120;
  return { name, notes, bpm, durationSeconds: midi.duration };
}

/**
 * Places notes on a grid: a note occupies rows round(start) … round(end) − 1 (at least one row), so a
 * sixteenth note is one row on the default grid.
 * @throws ParameterError for bad options; AudioFormatError if no pitched note falls in the pitch range.
 */
export function notesToPianoRoll(song: MidiSong, opts: Partial<PianoRollOptions> = {}): PianoRoll {
  const o = { ...PIANO_ROLL_DEFAULTS, ...opts };
  checkOptions(o);
  const drums = song.notes.filter((n) => n.channel === DRUM_CHANNEL);
  const pitched = song.notes.filter((n) => n.channel !== DRUM_CHANNEL).map((n) => ({ ...n, pitch: n.pitch + o.transpose }));
  const inMidi = pitched.filter((n) => n.pitch >= 0 && n.pitch <= 127);
  if (inMidi.length === 0) throw new AudioFormatError(`${song.name}: no pitched (non-percussion) notes to put in a piano roll`);
  const range = o.pitchRange ?? [Math.min(...inMidi.map((n) => n.pitch)), Math.max(...inMidi.map((n) => n.pitch))] as const;
  const grid: PianoRollGrid = o.grid === 'beats' ? { kind: 'beats', stepsPerBeat: o.stepsPerBeat, bpm: song.bpm } : { kind: 'seconds', frameSeconds: o.frameSeconds };
  const roll = place(inMidi, range, grid, song.name, o);
  if (o.drums === 'separate' && drums.length > 0) {
    roll.drums = place(drums, [Math.min(...drums.map((n) => n.pitch)), Math.max(...drums.map((n) => n.pitch))], grid, `${song.name} (drums)`, o);
  }
  return roll;
}

function place(notes: MidiNote[], range: readonly [number, number], grid: PianoRollGrid, name: string, o: PianoRollOptions): PianoRoll {
  const [low, high] = range;
  const cols = high - low + 1;
  const pos = (n: MidiNote, end: boolean) => o.grid === 'beats'
    ? Math.round((end ? n.endBeat : n.startBeat) * o.stepsPerBeat)
    : Math.round((end ? n.endSeconds : n.startSeconds) / o.frameSeconds);
  const first = Math.min(...notes.map((n) => pos(n, false)));  // the roll starts at the first note
  const rows = Math.max(...notes.map((n) => Math.max(pos(n, false) + 1, pos(n, true)))) - first;
  const data = new Float32Array(rows * cols);
  for (const n of notes) {
    if (n.pitch < low || n.pitch > high) continue;
    const s = pos(n, false) - first, e = Math.max(s + 1, pos(n, true) - first);
    for (let t = s; t < e; t++) data[t * cols + n.pitch - low] = 1;
  }
  return { rows, cols, data, lowestPitch: low, grid, name };
}

function checkOptions(o: PianoRollOptions): void {
  if (o.grid !== 'beats' && o.grid !== 'seconds') throw new ParameterError(`grid must be 'beats' or 'seconds', got ${JSON.stringify(o.grid)}`);
  if (!Number.isInteger(o.stepsPerBeat) || o.stepsPerBeat < 1 || o.stepsPerBeat > 96) {
    throw new ParameterError(`stepsPerBeat must be an integer in 1…96 (4 = sixteenth notes), got ${o.stepsPerBeat}`);
  }
  if (!(o.frameSeconds >= 0.005 && o.frameSeconds <= 10)) throw new ParameterError(`frameSeconds must be between 0.005 and 10 s, got ${o.frameSeconds}`);
  if (!Number.isInteger(o.transpose) || Math.abs(o.transpose) > 48) throw new ParameterError(`transpose must be an integer number of semitones in −48…48, got ${o.transpose}`);
  if (o.drums !== 'exclude' && o.drums !== 'separate') throw new ParameterError(`drums must be 'exclude' or 'separate', got ${JSON.stringify(o.drums)}`);
  if (o.pitchRange !== undefined) checkRange(o.pitchRange, 'pitchRange');
}

/**
 * MIDI bytes → piano roll ({@link readMidiNotes} then {@link notesToPianoRoll}).
 * @throws AudioFormatError naming `name` for bytes that are not MIDI or hold no pitched notes; ParameterError for bad options.
 * @example const roll = midiToPianoRoll(bytes, { stepsPerBeat: 4, name: 'city_blues' });
 */
export function midiToPianoRoll(bytes: Uint8Array, opts: Partial<PianoRollOptions> & { name?: string } = {}): PianoRoll {
  return notesToPianoRoll(readMidiNotes(bytes, opts.name), opts);
}

/**
 * Reads a .mid file into a piano roll (its name is the file name without extension).
 * @throws AudioFormatError naming the file for unreadable or non-MIDI files.
 * @example const roll = await loadPianoRoll('data/openmsx/city_blues_redfarn.mid');
 */
export async function loadPianoRoll(file: string, opts: Partial<PianoRollOptions> = {}): Promise<PianoRoll> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new AudioFormatError(`${file}: cannot read MIDI file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  const roll = notesToPianoRoll(readMidiNotes(bytes, file), opts); // errors name the whole path
  roll.name = path.basename(file).replace(/\.midi?$/i, '');
  if (roll.drums) roll.drums.name = `${roll.name} (drums)`;
  return roll;
}
