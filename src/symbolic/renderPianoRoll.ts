/**
 * Piano roll → audio through the data stage's SoundFont renderer (spessasynth_core, General MIDI), so generated
 * notes are heard with the same instruments as the bundled songs.
 */
import { renderMidi, type RenderMidiOptions } from '../data/renderMidi';
import { AudioFormatError } from '../errors';
import type { AudioClip } from '../types';
import type { PianoRoll } from './pianoRoll';
import { pianoRollToMidi, type PianoRollToMidiOptions } from './writeMidi';

/**
 * Renders a roll: {@link pianoRollToMidi} then `renderMidi` (16 kHz mono, FluidR3Mono by default).
 * @throws ParameterError for bad options; AudioFormatError if the roll holds no notes (nothing to hear).
 * @example showAudio(await renderPianoRoll(generated, { program: 0 }), { caption: 'RNN-RBM' });
 */
export async function renderPianoRoll(roll: PianoRoll, opts: Partial<PianoRollToMidiOptions> & RenderMidiOptions = {}): Promise<AudioClip> {
  if (!roll.data.some((x) => x >= 0.5)) {
    throw new AudioFormatError(`${roll.name}: the piano roll holds no notes (${roll.rows} silent rows), so there is nothing to render; sample more rows, prime with a song, or raise the temperature`);
  }
  const { program, velocity, bpm, ...render } = opts;
  const midi: Partial<PianoRollToMidiOptions> = {};
  if (program !== undefined) midi.program = program;
  if (velocity !== undefined) midi.velocity = velocity;
  if (bpm !== undefined) midi.bpm = bpm;
  return renderMidi(pianoRollToMidi(roll, midi), { name: roll.name, ...render });
}
