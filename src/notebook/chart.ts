/**
 * Vega-Lite charts rendered to SVG on the kernel side, so they show in every frontend (classic
 * Notebook, JupyterLab, VS Code, nbconvert HTML, our static site) without JavaScript or a CDN.
 *
 * vega 5.33 / vega-lite 5.23 are used because they are CommonJS; vega 6 is ESM with top-level await
 * and cannot be required inside tslab (see FACTS.md). Both are loaded lazily on the first chart
 * (~0.1–0.6 s), so importing the library stays cheap.
 */
import { displayBundle } from './output';
import { escapeHtml, figureHtml } from './html';

/** A Vega-Lite v5 specification (plain JSON object); see https://vega.github.io/vega-lite/docs/. */
export type VegaLiteSpec = Record<string, unknown>;

/** The minimal slice of the vega / vega-lite APIs we use (their full typings are slow to type-check in tslab). */
interface VegaModules {
  vega: {
    parse(spec: unknown): unknown;
    View: new (runtime: unknown, options: { renderer: 'none' }) => {
      toSVG(): Promise<string>;
      finalize(): void;
    };
  };
  vl: { compile(spec: unknown, options?: unknown): { spec: unknown } };
}

let modules: VegaModules | null = null;
function loadVega(): VegaModules {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  modules ??= { vega: require('vega'), vl: require('vega-lite') };
  return modules;
}

/** Shared look: system font, light grid, no chart border; applied under the spec's own `config`. */
export const DEFAULT_CHART_CONFIG = {
  font: 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelColor: '#444', titleColor: '#222', gridColor: '#eee', domainColor: '#888', tickColor: '#888', labelOverlap: 'greedy' },
  legend: { labelColor: '#444', titleColor: '#222', labelLimit: 320 },
  title: { fontSize: 14, fontWeight: 600, anchor: 'start' },
  range: { category: ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d'] },
} as const;

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string, with no browser.
 *
 * @param spec - a Vega-Lite v5 spec; its `config` is merged over {@link DEFAULT_CHART_CONFIG}.
 * @returns the `<svg>…</svg>` markup (white background, fixed size).
 * @example
 * const svg = await renderChartSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
 */
export async function renderChartSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, vl } = loadVega();
  const withConfig = { ...spec, config: { ...DEFAULT_CHART_CONFIG, ...((spec.config as object) ?? {}) } };
  const view = new vega.View(vega.parse(vl.compile(withConfig).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Options of {@link showChart}. */
export interface ShowChartOptions {
  /** Bold title shown above the chart (separate from any Vega-Lite `title`). */
  title?: string;
  /** Small grey caption below the chart. */
  caption?: string;
}

/**
 * Builds the MIME bundle of a chart: `text/html` with the inline SVG (what classic Notebook, nbconvert
 * and our site show), `application/vnd.vegalite.v5+json` with the spec (JupyterLab / VS Code can render
 * it interactively), and `text/plain` as a fallback.
 */
export async function chartBundle(spec: VegaLiteSpec, options: ShowChartOptions = {}) {
  const svg = await renderChartSvg(spec);
  const label = options.title ?? (typeof spec.title === 'string' ? spec.title : 'chart');
  return {
    'text/html': figureHtml(svg, options),
    // The title shown above the SVG goes into the spec too, so a frontend rendering the spec shows it.
    'application/vnd.vegalite.v5+json': { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', ...(options.title && !spec.title ? { title: options.title } : {}), ...spec },
    'text/plain': `<${escapeHtml(label)}: Vega-Lite chart>`,
  };
}

/**
 * Shows a Vega-Lite chart in the notebook (rendered server-side to SVG, plus the spec itself).
 *
 * @param spec - a Vega-Lite v5 spec, e.g. from {@link lineChart} or {@link waveformChart}.
 * @example
 * await showChart(lineChart([{ name: 'error', y: [3, 2, 1.5] }], { xTitle: 'epoch' }));
 */
export async function showChart(spec: VegaLiteSpec, options: ShowChartOptions = {}): Promise<void> {
  displayBundle(await chartBundle(spec, options));
}
