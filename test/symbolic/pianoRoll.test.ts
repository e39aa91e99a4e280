/**
 * MIDI ↔ piano roll, checked against an independent parser (midi-file, which shares no code with the
 * spessasynth_core parser src/symbolic uses): quantisation of a real song, round trips, drums, key finding and
 * bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseMidi } from 'midi-file';
import { MIDIBuilder } from 'spessasynth_core';
import { AudioFormatError, FileExistsError, ParameterError } from '../../src/errors';
import { Random } from '../../src/util/random';
import {
  midiToPianoRoll, loadPianoRoll, pianoRollToMidi, readMidiNotes, saveMidi, keyOf, transposeToC, withPitchRange,
  loadSongRolls, splitBySong, type PianoRoll,
} from '../../src/symbolic';

const OPENMSX = path.join(__dirname, '../../data/openmsx');
const read = (f: string) => new Uint8Array(readFileSync(path.join(OPENMSX, f)));

/** Notes in ticks straight from midi-file's events: note-on (velocity > 0) paired first-in-first-out with its note-off. */
function referenceNotes(bytes: Uint8Array): { ppq: number; notes: { pitch: number; channel: number; on: number; off: number }[] } {
  const mid = parseMidi(bytes);
  const notes: { pitch: number; channel: number; on: number; off: number }[] = [];
  for (const track of mid.tracks) {
    let tick = 0;
    const open = new Map<string, number[]>();
    for (const e of track) {
      tick += e.deltaTime;
      if (e.type !== 'noteOn' && e.type !== 'noteOff') continue;
      const key = `${e.channel}:${e.noteNumber}`;
      if (e.type === 'noteOn' && e.velocity > 0) { if (!open.has(key)) open.set(key, []); open.get(key)!.push(tick); continue; }
      const starts = open.get(key);
      if (starts && starts.length) notes.push({ pitch: e.noteNumber, channel: e.channel, on: starts.shift()!, off: tick });
    }
  }
  return { ppq: mid.header.ticksPerBeat!, notes };
}

/** The expected sixteenth-note roll from the reference notes: rows round(on·4/ppq) … max(+1, round(off·4/ppq)). */
function referenceRoll(bytes: Uint8Array, channelFilter: (ch: number) => boolean): { first: number; cells: Set<string> } {
  const { ppq, notes } = referenceNotes(bytes);
  const kept = notes.filter((n) => channelFilter(n.channel));
  const step = (tick: number) => Math.round((tick * 4) / ppq);
  const first = Math.min(...kept.map((n) => step(n.on)));
  const cells = new Set<string>();
  for (const n of kept) {
    const s = step(n.on), e = Math.max(s + 1, step(n.off));
    for (let t = s; t < e; t++) cells.add(`${t - first}:${n.pitch}`);
  }
  return { first, cells };
}

function cellsOf(roll: PianoRoll): Set<string> {
  const cells = new Set<string>();
  for (let t = 0; t < roll.rows; t++) for (let k = 0; k < roll.cols; k++) if (roll.data[t * roll.cols + k]) cells.add(`${t}:${roll.lowestPitch + k}`);
  return cells;
}

test('a real song on the sixteenth grid matches an independent parse with midi-file, cell for cell', () => {
  for (const file of ['city_blues_redfarn.mid', 'flying_scotsman.mid']) {
    const bytes = read(file);
    const roll = midiToPianoRoll(bytes, { name: file });
    const ref = referenceRoll(bytes, (ch) => ch !== 9);
    assert.equal(roll.grid.kind, 'beats');
    assert.deepEqual(cellsOf(roll), ref.cells, file);
  }
});

test('drums are left out by default and come back as their own roll with drums: "separate"', () => {
  const file = 'careless_perc_redfarn.mid';
  const bytes = read(file);
  const ref = referenceRoll(bytes, (ch) => ch === 9);
  assert.ok(ref.cells.size > 0, 'this song has percussion');
  const roll = midiToPianoRoll(bytes, { drums: 'separate' });
  assert.ok(roll.drums);
  // The drum roll starts at its own first hit; the reference starts there too.
  assert.deepEqual(cellsOf(roll.drums!), ref.cells);
  assert.equal(midiToPianoRoll(bytes).drums, undefined);
});

test('roll → MIDI → roll is the identity, and the file reads back in midi-file with one note per run of 1s', () => {
  const rng = new Random(3);
  const rows = 64, cols = 20;
  const data = new Float32Array(rows * cols).map(() => (rng.next() < 0.2 ? 1 : 0));
  data[0] = 1; data[(rows - 1) * cols + 5] = 1; // the roll starts and ends with a note (reading trims silence)
  const roll: PianoRoll = { rows, cols, data, lowestPitch: 48, grid: { kind: 'beats', stepsPerBeat: 4, bpm: 100 }, name: 'random' };
  const bytes = pianoRollToMidi(roll);
  const back = midiToPianoRoll(bytes, { pitchRange: [48, 67] });
  assert.deepEqual(Array.from(back.data), Array.from(data));
  assert.equal(back.grid.kind === 'beats' && back.grid.bpm, 100);
  let runs = 0;
  for (let k = 0; k < cols; k++) for (let t = 0; t < rows; t++) if (data[t * cols + k] && (t === 0 || !data[(t - 1) * cols + k])) runs++;
  const ref = referenceNotes(bytes);
  assert.equal(ref.ppq, 480);
  assert.equal(ref.notes.length, runs);
  for (const n of ref.notes) assert.equal(n.on % 120, 0); // every note on a sixteenth (480 / 4 ticks)
});

test('a real song survives MIDI → roll → MIDI → roll unchanged (fixed-frame grid too)', () => {
  const bytes = read('moo_redfarn.mid');
  for (const opts of [{}, { grid: 'seconds' as const, frameSeconds: 0.1 }]) {
    const roll = midiToPianoRoll(bytes, opts);
    const again = midiToPianoRoll(pianoRollToMidi(roll), { ...opts, pitchRange: [roll.lowestPitch, roll.lowestPitch + roll.cols - 1] });
    assert.equal(again.rows, roll.rows);
    assert.deepEqual(Array.from(again.data), Array.from(roll.data));
  }
});

test('the seconds grid places notes by time: a note at 1.0 s is 8 frames of 0.125 s after one at 0 s', () => {
  const b = new MIDIBuilder({ timeDivision: 480, initialTempo: 60, format: 1, name: 't' }); // 1 beat = 1 s
  b.addTrack('x');
  b.noteOn(0, 1, 0, 60, 100); b.noteOff(240, 1, 0, 60);       // 0–0.5 s
  b.noteOn(480, 1, 0, 62, 100); b.noteOff(600, 1, 0, 62);     // 1.0–1.25 s
  b.flush();
  const roll = midiToPianoRoll(new Uint8Array(b.writeMIDI()), { grid: 'seconds', frameSeconds: 0.125 });
  assert.deepEqual([roll.rows, roll.cols, roll.lowestPitch], [10, 3, 60]);
  assert.deepEqual([...cellsOf(roll)].sort(), ['0:60', '1:60', '2:60', '3:60', '8:62', '9:62'].sort());
  const beats = midiToPianoRoll(new Uint8Array(b.writeMIDI()), { stepsPerBeat: 2 });
  assert.deepEqual([...cellsOf(beats)].sort(), ['0:60', '2:62'].sort());
});

test('key finding: a G major scale and chords → G major, moved +5 semitones to C; an A minor piece stays', () => {
  const b = new MIDIBuilder({ timeDivision: 480, initialTempo: 120, format: 1, name: 'k' });
  b.addTrack('x');
  const gMajor = [67, 69, 71, 72, 74, 76, 78, 79, 67, 71, 74, 67, 62, 67];
  gMajor.forEach((p, i) => { b.noteOn(i * 480, 1, 0, p, 90); b.noteOff(i * 480 + 470, 1, 0, p); });
  b.flush();
  const song = readMidiNotes(new Uint8Array(b.writeMIDI()), 'g-major');
  assert.deepEqual({ tonic: keyOf(song).tonic, mode: keyOf(song).mode }, { tonic: 7, mode: 'major' });
  assert.equal(transposeToC(song), 5);
  const m = new MIDIBuilder({ timeDivision: 480, initialTempo: 120, format: 1, name: 'a' });
  m.addTrack('x');
  [57, 60, 64, 57, 59, 60, 62, 64, 65, 68, 69, 64, 57].forEach((p, i) => { m.noteOn(i * 480, 1, 0, p, 90); m.noteOff(i * 480 + 470, 1, 0, p); });
  m.flush();
  const am = readMidiNotes(new Uint8Array(m.writeMIDI()), 'a-minor');
  assert.deepEqual({ tonic: keyOf(am).tonic, mode: keyOf(am).mode }, { tonic: 9, mode: 'minor' });
  assert.equal(transposeToC(am), 0);
});

test('the bundled songs: one common pitch range from the data, transposed, split by song without overlap', () => {
  const songs = ['city_blues_redfarn.mid', 'moo_redfarn.mid', 'flying_scotsman.mid', 'harp_harmony.mid'];
  const { rolls, pitchRange, transposed } = loadSongRolls({ songs });
  assert.equal(rolls.length, 4);
  for (const r of rolls) { assert.equal(r.lowestPitch, pitchRange[0]); assert.equal(r.cols, pitchRange[1] - pitchRange[0] + 1); }
  // keepNotes 1 keeps every note: the range is exactly the lowest … highest transposed pitch.
  const all = loadSongRolls({ songs, keepNotes: 1 });
  let lo = 127, hi = 0;
  for (const f of songs) {
    const s = readMidiNotes(read(f), f);
    for (const n of s.notes) if (n.channel !== 9) { const p = n.pitch + all.transposed[f.replace('.mid', '')]; lo = Math.min(lo, p); hi = Math.max(hi, p); }
  }
  assert.deepEqual(all.pitchRange, [lo, hi]);
  assert.ok(pitchRange[0] >= lo && pitchRange[1] <= hi);
  for (const v of Object.values(transposed)) assert.ok(v >= -6 && v <= 5);
  const { train, test: held } = splitBySong(rolls, { testFraction: 0.25, seed: 2 });
  assert.equal(held.length, 1);
  assert.equal(train.length + held.length, 4);
  assert.ok(!train.some((r) => held.includes(r)));
  assert.deepEqual(splitBySong(rolls, { seed: 2 }).test.map((r) => r.name), held.map((r) => r.name));
});

test('withPitchRange pads with silent columns and drops notes outside the range', () => {
  const roll: PianoRoll = { rows: 2, cols: 3, data: Float32Array.from([1, 0, 1, 0, 1, 0]), lowestPitch: 60, grid: { kind: 'seconds', frameSeconds: 0.1 }, name: 'r' };
  const wide = withPitchRange(roll, [58, 62]);
  assert.deepEqual(Array.from(wide.data), [0, 0, 1, 0, 1, 0, 0, 0, 1, 0]);
  const narrow = withPitchRange(roll, [61, 62]);
  assert.deepEqual(Array.from(narrow.data), [0, 1, 1, 0]);
  assert.throws(() => withPitchRange(roll, [70, 60]), ParameterError);
});

test('bad MIDI gives an AudioFormatError naming the file; bad options a ParameterError naming the option', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'symbolic-'));
  const junk = path.join(dir, 'junk.mid');
  writeFileSync(junk, Buffer.from('this is not a MIDI file at all, just some text'));
  await assert.rejects(loadPianoRoll(junk), (e: Error) => e instanceof AudioFormatError && e.message.includes(junk));
  const short = path.join(dir, 'short.mid');
  writeFileSync(short, Buffer.from('MThd'));
  await assert.rejects(loadPianoRoll(short), (e: Error) => e instanceof AudioFormatError && e.message.includes(short) && /14-byte/.test(e.message));
  await assert.rejects(loadPianoRoll(path.join(dir, 'missing.mid')), (e: Error) => e instanceof AudioFormatError && e.message.includes('missing.mid'));
  const truncated = path.join(dir, 'truncated.mid');
  writeFileSync(truncated, read('city_blues_redfarn.mid').subarray(0, 40));
  await assert.rejects(loadPianoRoll(truncated), (e: Error) => e instanceof AudioFormatError && e.message.includes(truncated));
  const b = new MIDIBuilder({ timeDivision: 480, initialTempo: 120, format: 1, name: 'empty' });
  b.addTrack('x'); b.flush();
  const empty = path.join(dir, 'empty.mid');
  writeFileSync(empty, new Uint8Array(b.writeMIDI()));
  await assert.rejects(loadPianoRoll(empty), (e: Error) => e instanceof AudioFormatError && e.message.includes(empty) && /no notes/.test(e.message));
  assert.throws(() => midiToPianoRoll(read('moo_redfarn.mid'), { stepsPerBeat: 0 }), (e: Error) => e instanceof ParameterError && /stepsPerBeat/.test(e.message));
  assert.throws(() => midiToPianoRoll(read('moo_redfarn.mid'), { transpose: 0.5 }), (e: Error) => e instanceof ParameterError && /transpose/.test(e.message));
  const roll = midiToPianoRoll(read('moo_redfarn.mid'));
  assert.throws(() => pianoRollToMidi(roll, { program: 200 }), (e: Error) => e instanceof ParameterError && /program/.test(e.message));
  assert.throws(() => pianoRollToMidi({ ...roll, grid: { kind: 'beats', stepsPerBeat: 7, bpm: 120 } }), (e: Error) => e instanceof ParameterError && /stepsPerBeat=7/.test(e.message));
});

test('saveMidi writes atomically and refuses to overwrite without force', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'symbolic-'));
  const out = path.join(dir, 'a.mid');
  const bytes = pianoRollToMidi(midiToPianoRoll(read('moo_redfarn.mid')));
  await saveMidi(out, bytes);
  assert.ok(existsSync(out));
  await assert.rejects(saveMidi(out, bytes), FileExistsError);
  await saveMidi(out, bytes, { force: true });
  assert.deepEqual(new Uint8Array(readFileSync(out)), bytes);
});
