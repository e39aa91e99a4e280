/**
 * Note models end to end on small seeded data: models with context learn a repeating figure that an
 * independent-pitch model cannot, generation is seeded and shaped like the data, saved models score the same,
 * and generated notes make a MIDI file that an independent parser (midi-file) reads and the SoundFont renders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseMidi } from 'midi-file';
import { ParameterError } from '../../src/errors';
import { initBackend } from '../../src/rbm';
import { evaluateNoteModel, independentBernoulli, pianoRollToMidi, renderPianoRoll, type PianoRoll } from '../../src/symbolic';
import { generateNotes, loadNoteModel, saveNoteModel, trainNoteModel, type NoteModelKind } from '../../src/generate/notes';

/** A rising four-note figure (one pitch per sixteenth) over a held bass note, repeated: predictable only from context. */
function figure(repeats: number, name: string, phase = 0): PianoRoll {
  const cols = 8, rows = repeats * 4;
  const data = new Float32Array(rows * cols);
  for (let t = 0; t < rows; t++) { data[t * cols + 2 + ((t + phase) % 4)] = 1; data[t * cols + 0] = 1; }
  return { rows, cols, data, lowestPitch: 60, grid: { kind: 'beats', stepsPerBeat: 4, bpm: 120 }, name };
}

const train = [figure(40, 'a'), figure(30, 'b', 1), figure(30, 'c', 2)];
const heldOut = [figure(20, 'held', 3)];

test('the CRBM, the window RBM and the RNN-RBM beat the independent baseline on a repeating figure; accuracy too', async () => {
  await initBackend({ log: () => {} });
  const base = evaluateNoteModel(independentBernoulli(train), heldOut);
  for (const [kind, epochs] of [['crbm', 60], ['window', 60], ['rnnrbm', 60]] as [NoteModelKind, number][]) {
    const trained = await trainNoteModel(kind, train, { nHidden: 6, epochs, context: 2, seed: 1, nRecurrent: 16, learningRate: kind === 'rnnrbm' ? 0.01 : 0.05 });
    const s = evaluateNoteModel(trained.noteModel, heldOut);
    assert.ok(s.logLikelihood > base.logLikelihood + 1, `${kind}: ${s.logLikelihood} vs independent ${base.logLikelihood}`);
    assert.ok(s.accuracy > base.accuracy + 0.3, `${kind}: accuracy ${s.accuracy} vs ${base.accuracy}`);
  }
});

test('generation: seeded, binary, as long as asked, continues a prime; rendered MIDI parses and sounds', async () => {
  await initBackend({ log: () => {} });
  const trained = await trainNoteModel('crbm', train, { nHidden: 6, epochs: 30, context: 2, seed: 1, learningRate: 0.05 });
  const prime = { ...figure(2, 'prime'), rows: 6, data: figure(2, 'prime').data.slice(0, 6 * 8) };
  const a = generateNotes(trained, train[0], { steps: 32, seed: 3, prime });
  const b = generateNotes(trained, train[0], { steps: 32, seed: 3, prime });
  assert.deepEqual(a.data, b.data);
  assert.equal(a.rows, 32);
  assert.ok(a.data.every((x) => x === 0 || x === 1));
  let on = 0;
  for (const x of a.data) on += x;
  assert.ok(on > 0, 'some notes are generated');
  const bytes = pianoRollToMidi(a);
  const mid = parseMidi(bytes);
  const ons = mid.tracks.flat().filter((e) => e.type === 'noteOn' && e.velocity > 0).length;
  assert.ok(ons > 0);
  const clip = await renderPianoRoll(a);
  let peak = 0;
  for (const x of clip.channels[0]) peak = Math.max(peak, Math.abs(x));
  assert.ok(peak > 0.1 && clip.channels[0].length > 16000 * 2, `rendered ${clip.channels[0].length} samples, peak ${peak}`);
  for (const kind of ['rbm', 'window', 'rnnrbm'] as NoteModelKind[]) {
    const m = await trainNoteModel(kind, train, { nHidden: 4, epochs: 1, context: 2, seed: 1, nRecurrent: 8 });
    const g = generateNotes(m, train[0], { steps: 8, seed: 1, prime, gibbsSteps: 3 });
    assert.deepEqual([g.rows, g.cols], [8, 8], kind);
    assert.ok(g.data.every((x) => x === 0 || x === 1), kind);
  }
  assert.throws(() => generateNotes(trained, train[0], { steps: 0 }), ParameterError);
  assert.throws(() => generateNotes(trained, train[0], { steps: 4, temperature: 0 }), ParameterError);
});

test('a saved note model loads back with its metadata and scores the same', async () => {
  await initBackend({ log: () => {} });
  const dir = mkdtempSync(path.join(tmpdir(), 'notes-'));
  for (const kind of ['crbm', 'window', 'rnnrbm', 'rbm'] as NoteModelKind[]) {
    const trained = await trainNoteModel(kind, train, { nHidden: 4, epochs: 2, context: 3, seed: 2, nRecurrent: 8 });
    const file = path.join(dir, `${kind}.json`);
    await saveNoteModel(trained, file, { lowestPitch: 60, nPitches: 8, grid: train[0].grid, train: ['a', 'b', 'c'], test: ['held'] });
    const { trained: back, meta } = await loadNoteModel(file);
    assert.equal(meta.kind, kind);
    assert.equal(back.kind, kind);
    const x = evaluateNoteModel(trained.noteModel, heldOut), y = evaluateNoteModel(back.noteModel, heldOut);
    assert.ok(Math.abs(x.logLikelihood - y.logLikelihood) < 1e-9, `${kind}: ${x.logLikelihood} vs ${y.logLikelihood}`);
  }
  await assert.rejects(loadNoteModel(path.join(dir, 'missing.json')), (e: Error) => e instanceof ParameterError && /notes train/.test(e.message));
});
