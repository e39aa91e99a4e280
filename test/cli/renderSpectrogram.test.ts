import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { renderSpectrogramPng, renderSpectrogramSvg } from '../../src/cli/renderSpectrogram';
import { matrix } from '../../src/util/matrix';
import { ParameterError } from '../../src/errors';

/** Minimal PNG reader for the files we write (one IDAT, RGB 8-bit, filter 0): returns width, height, pixels. */
function readPng(png: Uint8Array) {
  const b = Buffer.from(png);
  assert.deepEqual([...b.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = b.readUInt32BE(16), height = b.readUInt32BE(20);
  const idatLen = b.readUInt32BE(33);
  assert.equal(b.toString('latin1', 37, 41), 'IDAT');
  const raw = inflateSync(b.subarray(41, 41 + idatLen));
  const px = (x: number, y: number) => [...raw.subarray(y * (3 * width + 1) + 1 + 3 * x, y * (3 * width + 1) + 4 + 3 * x)];
  return { width, height, px };
}

test('renderSpectrogramPng: size, low bins at the bottom, bright = large (viridis yellow)', () => {
  const S = matrix(300, 8);
  for (let t = 0; t < 300; t++) S.data[t * 8 + 7] = 10; // energy only in the highest bin
  const { width, height, px } = readPng(renderSpectrogramPng(S, { width: 100, height: 16 }));
  assert.deepEqual([width, height], [100, 16]);
  assert.deepEqual(px(50, 0), [253, 231, 37]); // top row = highest bin = max → yellow
  assert.deepEqual(px(50, 15), [68, 1, 84]);   // bottom row = bin 0 = min → dark purple
});

test('renderSpectrogramSvg: a standalone SVG with title, time axis and the embedded PNG; bad input → ParameterError', () => {
  const svg = renderSpectrogramSvg(matrix(125, 4, new Float32Array(500).map((_, i) => i % 4)), { title: 'a <b>', frameRate: 62.5 });
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /a &lt;b&gt;/);
  assert.match(svg, />time \(s\)</);
  assert.match(svg, />2</); // 125 frames at 62.5 fps = 2 s: the last tick
  assert.match(svg, /href="data:image\/png;base64,/);
  assert.throws(() => renderSpectrogramPng(matrix(0, 4)), ParameterError);
});
