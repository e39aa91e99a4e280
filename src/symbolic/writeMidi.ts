/**
 * Piano roll → Standard MIDI File, written with spessasynth_core's MIDIBuilder: runs of 1s in a column become
 * one note, so a roll read back from the file is the same roll.
 */
import { MIDIBuilder } from 'spessasynth_core';
import { ParameterError } from '../errors';
import { atomicWriteFile } from '../util/atomicWrite';
import { checkRange, type PianoRoll } from './pianoRoll';

/** Options of {@link pianoRollToMidi}. */
export interface PianoRollToMidiOptions {
  /** Playback tempo (default: the roll's own; fixed-frame rolls map one frame to a sixteenth note). */
  bpm?: number;
  /** General MIDI program of the pitched part (default 0, acoustic grand piano: every pitch is audible and clear). */
  program: number;
  /** Note-on velocity 1–127 (default 90: mezzo-forte). */
  velocity: number;
}

/** Defaults of {@link PianoRollToMidiOptions}. */
export const PIANO_ROLL_TO_MIDI_DEFAULTS: PianoRollToMidiOptions = { program: 0, velocity: 90 };

/** Ticks per quarter note in files we write (480: divisible by 2, 3, 4, 6, 8, 12, 16, so common grids are exact). */
export const TICKS_PER_BEAT = 480;

/**
 * Encodes a roll as a format-1 MIDI file (one conductor track with the tempo, one pitched track on channel 1,
 * and the roll's `drums` on channel 10 if present). Values ≥ 0.5 count as note on, so probabilities can be
 * passed directly.
 * @throws ParameterError for a bad program, velocity or tempo, or a grid the tick resolution cannot represent.
 * @example await saveMidi('generated/song.mid', pianoRollToMidi(roll, { program: 0 }));
 */
export function pianoRollToMidi(roll: PianoRoll, opts: Partial<PianoRollToMidiOptions> = {}): Uint8Array {
  const o = { ...PIANO_ROLL_TO_MIDI_DEFAULTS, ...opts };
  if (!Number.isInteger(o.program) || o.program < 0 || o.program > 127) throw new ParameterError(`program must be a General MIDI program 0…127, got ${o.program}`);
  if (!Number.isInteger(o.velocity) || o.velocity < 1 || o.velocity > 127) throw new ParameterError(`velocity must be an integer 1…127, got ${o.velocity}`);
  checkRange([roll.lowestPitch, roll.lowestPitch + roll.cols - 1], `${roll.name}: pitch range`);
  const stepsPerBeat = roll.grid.kind === 'beats' ? roll.grid.stepsPerBeat : 4;
  const bpm = o.bpm ?? (roll.grid.kind === 'beats' ? roll.grid.bpm : 60 / (4 * roll.grid.frameSeconds));
  if (!(bpm >= 10 && bpm <= 1000)) throw new ParameterError(`bpm must be between 10 and 1000, got ${bpm}`);
  const ticks = TICKS_PER_BEAT / stepsPerBeat;
  if (!Number.isInteger(ticks)) throw new ParameterError(`stepsPerBeat=${stepsPerBeat} does not divide ${TICKS_PER_BEAT} ticks per beat; use 1, 2, 3, 4, 6, 8, 12 or 16`);

  const b = new MIDIBuilder({ timeDivision: TICKS_PER_BEAT, initialTempo: bpm, name: roll.name, format: 1 });
  b.addTrack(roll.name || 'notes');
  b.programChange(0, 1, 0, o.program);
  writeNotes(b, roll, 1, 0, ticks, o.velocity);
  if (roll.drums) {
    b.addTrack('drums');
    writeNotes(b, roll.drums, 2, 9, ticks, o.velocity);
  }
  b.flush();
  return new Uint8Array(b.writeMIDI());
}

/** Each run of on-steps in a column → one note-on at its first step and a note-off after its last. */
function writeNotes(b: MIDIBuilder, roll: PianoRoll, track: number, channel: number, ticks: number, velocity: number): void {
  const events: { tick: number; on: boolean; pitch: number }[] = [];
  for (let k = 0; k < roll.cols; k++) {
    let start = -1;
    for (let t = 0; t <= roll.rows; t++) {
      const on = t < roll.rows && roll.data[t * roll.cols + k] >= 0.5;
      if (on && start < 0) start = t;
      if (!on && start >= 0) {
        events.push({ tick: start * ticks, on: true, pitch: roll.lowestPitch + k }, { tick: t * ticks, on: false, pitch: roll.lowestPitch + k });
        start = -1;
      }
    }
  }
  // Offs before ons at the same tick, so a note ending where another starts never cuts the new one.
  events.sort((x, y) => x.tick - y.tick || Number(x.on) - Number(y.on) || x.pitch - y.pitch);
  for (const e of events) {
    if (e.on) b.noteOn(e.tick, track, channel, e.pitch, velocity);
    else b.noteOff(e.tick, track, channel, e.pitch);
  }
}

/**
 * Writes MIDI bytes to `file` (temp file + rename).
 * @throws FileExistsError if the file exists and `force` is not set; ParameterError for an unusable path.
 */
export function saveMidi(file: string, bytes: Uint8Array, opts: { force?: boolean } = {}): Promise<void> {
  return atomicWriteFile(file, bytes, opts);
}
