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
