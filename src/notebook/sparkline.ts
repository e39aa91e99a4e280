/**
 * Small synchronous SVG line plots, for figures that must render inside a synchronous callback
 * (live training curves) or in large numbers (one receptive field per hidden unit), where compiling
 * a Vega-Lite spec each time would be too slow or asynchronous.
 */
import { escapeHtml } from './html';
import { svgText } from './axes';

/** Options of {@link sparklineSvg}. */
export interface SparklineOptions {
  width?: number;
  height?: number;
  /** x values (default 0, 1, 2, …). With `logX`, must be positive. */
  x?: ArrayLike<number>;
  logX?: boolean;
  /** Title drawn in the top-left corner. */
  label?: string;
  /** Show min/max labels on the y axis. Default true. */
  yLabels?: boolean;
  /** Title under the plot; the first and last x values are then labelled too (e.g. 'epoch'). Default none. */
  xTitle?: string;
  /** Draw the y = 0 line when 0 is in range. Default false. */
  zeroLine?: boolean;
  color?: string;
}

/**
 * An SVG polyline of `y` (non-finite values are skipped), scaled to fill the box.
 *
 * @example
 * const svg = sparklineSvg([3, 2, 1.5, 1.4], { label: 'reconstruction error' });
 */
export function sparklineSvg(y: ArrayLike<number>, options: SparklineOptions = {}): string {
  const W = options.width ?? 220, H = options.height ?? 90, padL = options.yLabels === false ? 4 : 40, padT = options.label ? 16 : 4, padB = options.xTitle ? 26 : 4, padR = 6;
  const xs = Array.from({ length: y.length }, (_, i) => {
    const v = options.x ? options.x[i] : i;
    return options.logX ? Math.log(Math.max(v, 1e-9)) : v;
  });
  let lo = Infinity, hi = -Infinity, x0 = Infinity, x1 = -Infinity;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i]) || !Number.isFinite(xs[i])) continue;
    lo = Math.min(lo, y[i]); hi = Math.max(hi, y[i]); x0 = Math.min(x0, xs[i]); x1 = Math.max(x1, xs[i]);
  }
  const parts: string[] = [];
  if (options.label) {
    const fit = Math.max(4, Math.floor((W - padL) / 6.5)); // ~6.5 px per character at 11 px bold
    const label = options.label.length > fit ? `${options.label.slice(0, fit - 1)}…` : options.label;
    parts.push(svgText(padL, 11, escapeHtml(label), 'start', ' font-weight="600"'));
  }
  if (lo <= hi) {
    if (hi === lo) { hi += 0.5; lo -= 0.5; }
    if (x1 === x0) { x1 += 1; x0 -= 1; }
    const px = (v: number) => padL + ((v - x0) / (x1 - x0)) * (W - padL - padR);
    const py = (v: number) => padT + (1 - (v - lo) / (hi - lo)) * (H - padT - padB);
    if (options.zeroLine && lo < 0 && hi > 0) parts.push(`<line x1="${padL}" x2="${W - padR}" y1="${py(0).toFixed(1)}" y2="${py(0).toFixed(1)}" stroke="#ccc"/>`);
    const pts: string[] = [];
    for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i]) && Number.isFinite(xs[i])) pts.push(`${px(xs[i]).toFixed(1)},${py(y[i]).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${options.color ?? '#4c78a8'}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
    if (pts.length === 1) parts.push(`<circle cx="${pts[0].split(',')[0]}" cy="${pts[0].split(',')[1]}" r="2.5" fill="${options.color ?? '#4c78a8'}"/>`);
    if (options.yLabels !== false) {
      parts.push(svgText(padL - 4, padT + 9, Number(hi.toPrecision(3)).toString(), 'end'), svgText(padL - 4, H - padB, Number(lo.toPrecision(3)).toString(), 'end'));
    }
    parts.push(`<rect x="${padL}" y="${padT}" width="${W - padL - padR}" height="${H - padT - padB}" fill="none" stroke="#e5e5e5"/>`);
    if (options.xTitle) {
      const raw = (v: number) => (options.logX ? Math.exp(v) : v);
      const fmt = (v: number) => Number(raw(v).toPrecision(3)).toString();
      parts.push(svgText(padL, H - padB + 11, fmt(x0), 'start'), svgText(W - padR, H - padB + 11, fmt(x1), 'end'),
        svgText((padL + W - padR) / 2, H - 3, escapeHtml(options.xTitle), 'middle'));
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join('')}</svg>`;
}
