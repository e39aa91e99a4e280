// Self-similarity panels: one PNG per panel, each as many pixels as matrix cells, coloured on one shared scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { selfSimilarityHtml } from '../../src/notebook';
import { ParameterError } from '../../src/errors';

test('selfSimilarityHtml: a PNG per panel with the matrix size, titles, the time span, one colour scale', () => {
  const eye = { rows: 3, cols: 3, data: Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]) };
  const flat = { rows: 3, cols: 3, data: new Float32Array(9).fill(1) };
  const html = selfSimilarityHtml([{ title: 'noise', S: eye }, { title: 'drone', S: flat }], { cellSeconds: 0.5, vmin: 0 });
  const pngs = [...html.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)].map((m) => Buffer.from(m[1], 'base64'));
  assert.equal(pngs.length, 2);
  for (const png of pngs) assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [3, 3]); // IHDR width, height
  assert.match(html, /noise/);
  assert.match(html, /0 – 1\.5 s/);
  // The drone's pixels are all the brightest colour; the identity's corners are the darkest (shared scale).
  const pixels = (png: Buffer): Buffer => { const idat = png.indexOf('IDAT'); return inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4))); };
  const drone = pixels(pngs[1]), noise = pixels(pngs[0]);
  assert.deepEqual([...drone.subarray(1, 4)], [...noise.subarray(1, 4)]); // cell (0,0) = 1 in both
  assert.notDeepEqual([...drone.subarray(4, 7)], [...noise.subarray(4, 7)]); // cell (0,1): 1 vs 0
  assert.throws(() => selfSimilarityHtml([{ title: 'x', S: { rows: 2, cols: 3, data: new Float32Array(6) } }]), ParameterError);
});
