/** The piano-roll picture and the hidden-unit pitch names used by notebook 09. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { ParameterError } from '../../src/errors';
import { pianoRollHtml, pitchName, hiddenUnitPitches } from '../../src/notebook/pianoRoll';
import type { PianoRoll } from '../../src/symbolic';

test('pitch names follow scientific pitch notation (middle C = C4, 440 Hz = A4)', () => {
  assert.deepEqual([pitchName(60), pitchName(69), pitchName(21), pitchName(61), pitchName(108)], ['C4', 'A4', 'A0', 'C♯4', 'C8']);
});

test('hiddenUnitPitches names each unit\'s largest weights, low to high', () => {
  // 5 pitches (60…64) × 2 hidden units: unit 0 prefers 64, 60, 62; unit 1 prefers 61.
  const W = { rows: 5, cols: 2, data: Float32Array.from([0.9, 0, 0, 1, 0.5, 0, -1, 0, 1, 0]) };
  assert.deepEqual(hiddenUnitPitches(W, 60, 3), ['C4 D4 E4', 'C4 C♯4 D4']); // unit 1: 61, then the first of the zero weights
});

test('the piano-roll picture is a PNG of steps × xScale by pitches × yScale with a dark pixel where a note sounds', () => {
  const roll: PianoRoll = { rows: 8, cols: 3, data: new Float32Array(24), lowestPitch: 60, grid: { kind: 'beats', stepsPerBeat: 4, bpm: 120 }, name: 'r' };
  roll.data[2 * 3 + 2] = 1; // step 2, pitch 62 (the top row of the picture)
  const html = pianoRollHtml(roll, { xScale: 2, yScale: 3 });
  assert.match(html, /width="16" height="9"/);
  const png = Buffer.from(html.match(/data:image\/png;base64,([^"]+)/)![1], 'base64');
  assert.equal(png.readUInt32BE(16), 16); // IHDR width
  assert.equal(png.readUInt32BE(20), 9);  // IHDR height
  // Decode the (unfiltered or filtered) scanlines: find the darkest pixel and check where it is.
  const idat: Buffer[] = [];
  for (let o = 8; o < png.length;) { const len = png.readUInt32BE(o); if (png.toString('latin1', o + 4, o + 8) === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len)); o += 12 + len; }
  const raw = inflateSync(Buffer.concat(idat));
  assert.equal(raw.length, 9 * (1 + 16 * 3));
  const filters = new Set(Array.from({ length: 9 }, (_, y) => raw[y * 49]));
  assert.deepEqual([...filters], [0], 'scanlines are stored unfiltered');
  const dark: [number, number][] = [];
  for (let y = 0; y < 9; y++) for (let x = 0; x < 16; x++) if (raw[y * 49 + 1 + x * 3] < 100) dark.push([x, y]);
  assert.deepEqual(dark, [[4, 0], [5, 0], [4, 1], [5, 1], [4, 2], [5, 2]]);
  assert.throws(() => pianoRollHtml(roll, { from: 20 }), ParameterError);
});
