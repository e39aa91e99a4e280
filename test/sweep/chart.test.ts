/**
 * Sweep chart specs: the `yScale` option puts the metric axis on a log scale, checked by compiling the specs with
 * vega-lite itself (the compiled vega scale must be 'log'), and a bad value is refused by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vl from 'vega-lite';
import { ParameterError } from '../../src/errors';
import { sweepChartSpec, sweepCurvesSpec } from '../../src/sweep';
import type { TrialResult } from '../../src/sweep/results';

const trial = (index: number, learningRate: number, curve: number[]): TrialResult => ({
  index, id: `t${index}`, seed: index, params: { learningRate }, status: 'completed', metric: curve[curve.length - 1], curve, epochs: curve.length, seconds: 1,
});
// One trial explodes: on a linear axis it would flatten the other two.
const trials = [trial(0, 0.001, [0.5, 0.4, 0.35]), trial(1, 0.01, [0.5, 0.3, 0.2]), trial(2, 1, [0.5, 40, 900])];

/** Type of the vega scale named 'y' after vega-lite compiles the spec. */
function compiledYScale(spec: object): string {
  const scales = (vl.compile(spec as vl.TopLevelSpec).spec.scales ?? []) as { name: string; type?: string }[];
  return scales.find((s) => s.name === 'y')?.type ?? 'linear';
}

test('yScale: log puts the metric axis of both charts on a log scale; default stays linear', () => {
  for (const make of [sweepChartSpec, sweepCurvesSpec]) {
    assert.equal(compiledYScale(make(trials, { metric: 'error' })), 'linear', `${make.name} default`);
    assert.equal(compiledYScale(make(trials, { metric: 'error', yScale: 'linear' })), 'linear', `${make.name} linear`);
    assert.equal(compiledYScale(make(trials, { metric: 'error', yScale: 'log' })), 'log', `${make.name} log`);
  }
});

test('yScale: another value is a ParameterError naming the function, the option and the value', () => {
  assert.throws(() => sweepChartSpec(trials, { yScale: 'sqrt' as any }),
    (e: unknown) => e instanceof ParameterError && /sweepChartSpec: yScale must be 'linear' or 'log', got 'sqrt'/.test(e.message));
  assert.throws(() => sweepCurvesSpec(trials, { yScale: 'symlog' as any }),
    (e: unknown) => e instanceof ParameterError && /sweepCurvesSpec: yScale must be 'linear' or 'log', got 'symlog'/.test(e.message));
});

test('a diverged trial (4.2e27) does not flatten the others: it sits on the top edge of both charts with its value written beside it', async () => {
  const { renderChartSvg } = await import('../../src/notebook/chart');
  const runs = [trial(0, 0.001, [0.5, 0.4, 0.35]), trial(1, 0.01, [0.5, 0.3, 0.2]), trial(2, 0.03, [0.5, 0.3, 0.25]), trial(3, 1, [0.5, 4e3, 4.2e27])];
  const spec = sweepChartSpec(runs, { metric: 'error' }) as any;
  const top = spec.encoding.y.scale.domainMax;
  assert.ok(top > 0.35 && top < 1, `axis top ${top} is near the ordinary trials, not 4.2e27`);
  assert.deepEqual(spec.data.values.map((r: any) => r.shown), [0.35, 0.2, 0.25, top]);
  assert.equal(spec.data.values[3].offScale, '4.2e+27 ↑');
  const svg = await renderChartSvg(spec);
  assert.match(svg, /4\.2e\+27 ↑/, 'the value is printed on the chart');
  const curves = sweepCurvesSpec(runs, { metric: 'error' }) as any;
  assert.equal(curves.encoding.y.scale.clamp, true);
  assert.ok(curves.encoding.y.scale.domainMax < 1);
  // Without an outlier nothing changes.
  assert.equal((sweepChartSpec(runs.slice(0, 3)) as any).encoding.y.scale.domainMax, undefined);
});
