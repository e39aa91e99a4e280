// The RBM diagram: one circle per drawn unit, one edge per drawn visible–hidden pair (bipartite, none within
// a layer), large layers abbreviated with "…" and their last unit's true index; bad sizes refused by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParameterError } from '../../src/errors';
import { rbmDiagram, showRbmDiagram, captureDisplays } from '../../src/notebook';

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

test('rbmDiagram: a small RBM is drawn whole, every visible–hidden pair joined once, no edge within a layer', () => {
  const svg = rbmDiagram({ nVisible: 3, nHidden: 2 });
  assert.equal(count(svg, /<circle /g), 5);
  const lines = [...svg.matchAll(/<line x1="[^"]+" y1="([^"]+)" x2="[^"]+" y2="([^"]+)"/g)];
  assert.equal(lines.length, 3 * 2);
  assert.ok(lines.every((m) => Number(m[1]) > Number(m[2])), 'every edge goes from the visible row up to the hidden row');
  assert.match(svg, /W<tspan[^>]*>2,2<\/tspan>/, 'one weight is named');
});

test('rbmDiagram: a large layer is abbreviated (8 drawn, "…", the last unit keeps its index)', () => {
  const svg = rbmDiagram({ nVisible: 16, nHidden: 20 });
  assert.equal(count(svg, /<circle /g), 7 + 7);
  assert.equal(count(svg, /<line /g), 7 * 7);
  assert.match(svg, />v<tspan[^>]*>16</);
  assert.match(svg, />h<tspan[^>]*>20</);
  assert.throws(() => rbmDiagram({ nHidden: 0 }), (e: unknown) => e instanceof ParameterError && /nHidden must be a positive integer, got 0/.test(e.message));
});

test('showRbmDiagram: one figure output with the SVG and a text fallback', async () => {
  const outs = await captureDisplays(() => showRbmDiagram({ nVisible: 4, nHidden: 3, title: 'RBM' }));
  assert.equal(outs.length, 1);
  assert.match(String(outs[0].data['text/html']), /<figure[\s\S]*<svg[\s\S]*RBM/);
  assert.equal(outs[0].data['text/plain'], '<RBM diagram: 4 visible × 3 hidden units>');
});

test('chartSpecProblems: lineChart and waveformChart specs are readable; a spec without title, axis titles or legend is not', async () => {
  const { chartSpecProblems } = await import('./chartSpecs');
  const { lineChart, waveformChart } = await import('../../src/notebook');
  assert.deepEqual(chartSpecProblems(lineChart({ a: [1, 2], b: [2, 1] }, { title: 'T', yTitle: 'error' })), []);
  assert.deepEqual(chartSpecProblems(waveformChart(new Float32Array(100), { title: 'wave' })), []);
  const bare = { data: { values: [{ x: 1, y: 2, s: 'a' }, { x: 2, y: 1, s: 'b' }] }, mark: 'line',
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, color: { field: 's', type: 'nominal', legend: null } } };
  assert.deepEqual(chartSpecProblems(bare), ['no title', 'x axis (field x) has no title', 'y axis (field y) has no title', 'colour has 2 series but no legend']);
});

test('weight heat map: units sorted by peak band on one shared colour scale; the PNG has one pixel per weight', async () => {
  const { heatmapUnitOrder, weightHeatmapHtml } = await import('../../src/notebook');
  const { inflateSync } = await import('node:zlib');
  // 4 visible × 3 hidden: unit 0 peaks at band 3, unit 1 at band 0, unit 2 at band 1 (and is the weakest).
  const W = Float32Array.from([0, 2, 0.1, 0, 0, 0.3, 0, 0, 0, 1, 0, 0]);
  assert.deepEqual(heatmapUnitOrder(W, 4, 3), [1, 2, 0]);
  assert.deepEqual(heatmapUnitOrder(W, 4, 3, 2), [1, 0], 'maxUnits keeps the strongest');
  const html = weightHeatmapHtml(W, { nVisible: 4, nHidden: 3, freqs: [100, 200, 400, 800], title: 'units' });
  assert.match(html, /\+2\.0/, 'one scale: the largest |W| of all units');
  assert.match(html, /sorted by peak band/);
  const png = Buffer.from(/data:image\/png;base64,([^"]+)/.exec(html)![1], 'base64');
  assert.equal(png.readUInt32BE(16), 4, 'width = visible units');
  assert.equal(png.readUInt32BE(20), 3, 'height = hidden units');
  const idat = inflateSync(png.subarray(png.indexOf('IDAT') + 4, png.indexOf('IEND') - 8));
  const pixel = (r: number, c: number) => Array.from(idat.subarray(r * (1 + 12) + 1 + 3 * c, r * (1 + 12) + 4 + 3 * c));
  assert.deepEqual(pixel(0, 0), [178, 24, 43], 'row 0 = unit 1, its +2 weight at band 0 is full red');
  assert.deepEqual(pixel(0, 1), [255, 255, 255], 'zero is white');
  assert.throws(() => weightHeatmapHtml(W, { nVisible: 5, nHidden: 3 }), /W has 12 values, expected nVisible × nHidden = 5 × 3/);
});
