/**
 * The symbolic stage: songs as notes. MIDI → piano roll (and back), the bundled songs on one pitch range with a
 * split by song, adapters that make the RBM stage's models (RBM, ConditionalRBM, RNNRBM) sequence models over
 * piano rolls, and the literature's evaluation: exact frame-level log-likelihood and Bay et al.'s accuracy.
 */
export { stepSeconds, pitchesOf, withPitchRange, sliceSteps, meanPolyphony, type PianoRoll, type PianoRollGrid, type MidiPitch } from './pianoRoll';
export {
  readMidiNotes, notesToPianoRoll, midiToPianoRoll, loadPianoRoll, PIANO_ROLL_DEFAULTS, DRUM_CHANNEL,
  type MidiNote, type MidiSong, type PianoRollOptions,
} from './readMidi';
export { pianoRollToMidi, saveMidi, PIANO_ROLL_TO_MIDI_DEFAULTS, TICKS_PER_BEAT, type PianoRollToMidiOptions } from './writeMidi';
export { renderPianoRoll } from './renderPianoRoll';
export { keyOf, transposeToC, MAJOR_PROFILE, MINOR_PROFILE, type Key } from './key';
export { loadSongRolls, splitBySong, type LoadSongRollsOptions, type SongRolls } from './songs';
export type { NoteModel, SequenceConditionals } from './frameConditionals';
export { frameScores, frameAccuracy, evaluateNoteModel, FRAME_EXACT_MAX_HIDDEN, type FrameScores, type NoteModelScore } from './frameScores';
export {
  independentBernoulli, rbmNoteModel, windowNoteModel, crbmNoteModel, rnnrbmNoteModel, frameWindows,
  type RBMParamsView, type CRBMParamsView, type RNNRBMView,
} from './noteModels';
