/**
 * A figure of the RBM's bipartite graph: a row of visible units v (with biases b), a row of hidden units
 * h (with biases c), a weight W_ij on every visible–hidden pair and no edge inside a layer. Drawn as a
 * plain SVG string (no chart library), so it shows in Jupyter, nbconvert and the static site alike.
 */
import { ParameterError } from '../errors';
import { escapeHtml, figureHtml } from './html';
import { displayBundle } from './output';

/** Options of {@link rbmDiagram}. */
export interface RbmDiagramOptions {
  /** Visible units drawn (a larger layer is drawn as the first few, "…", and the last). Default 6. */
  nVisible?: number;
  /** Hidden units drawn. Default 4. */
  nHidden?: number;
  /** Names of the layers. Defaults 'visible units v (data)' and 'hidden units h (features)'. */
  visibleLabel?: string;
  hiddenLabel?: string;
  /** Figure title and caption. */
  title?: string;
  caption?: string;
}

const MAX_DRAWN = 8;

/** Unit indices to draw: all of them, or the first few, a gap (−1) and the last. */
function drawn(n: number): number[] {
  if (n <= MAX_DRAWN) return Array.from({ length: n }, (_, i) => i);
  return [0, 1, 2, 3, 4, 5, -1, n - 1];
}

/**
 * The SVG of the diagram (one highlighted edge labelled W_ij; biases b_i and c_j on the units).
 *
 * @throws {ParameterError} when a layer size is not a positive integer.
 * @example
 * showHtml(rbmDiagram({ nVisible: 16, nHidden: 20 }));
 */
export function rbmDiagram(options: RbmDiagramOptions = {}): string {
  const nV = options.nVisible ?? 6, nH = options.nHidden ?? 4;
  for (const [name, n] of [['nVisible', nV], ['nHidden', nH]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new ParameterError(`rbmDiagram: ${name} must be a positive integer, got ${n}`);
  }
  const width = 620, r = 17, yH = 70, yV = 220;
  const vis = drawn(nV), hid = drawn(nH);
  const xs = (k: number, count: number) => 175 + ((k + 0.5) * (width - 185)) / count;
  const vx = vis.map((_, k) => xs(k, vis.length)), hx = hid.map((_, k) => xs(k, hid.length));
  const sub = (i: number, n: number) => (i === n - 1 && n > MAX_DRAWN ? String(n) : String(i + 1));
  const parts: string[] = [];
  // Every visible–hidden pair is connected; highlight one edge to name its weight.
  vis.forEach((i, a) => hid.forEach((j, b) => {
    if (i < 0 || j < 0) return;
    const hot = a === 1 && b === Math.min(2, hid.length - 1);
    parts.push(`<line x1="${vx[a]}" y1="${yV - r}" x2="${hx[b]}" y2="${yH + r}" stroke="${hot ? '#d62728' : '#9aa5b1'}" stroke-width="${hot ? 2.5 : 1}"/>`);
  }));
  if (vis.length > 1 && hid.length > 1) {
    const b = Math.min(2, hid.length - 1), mx = (vx[1] + hx[b]) / 2 - 30, my = (yV + yH) / 2 + 4;
    parts.push(`<text x="${mx}" y="${my}" fill="#d62728" font-size="15" font-style="italic">W<tspan dy="4" font-size="11">${sub(vis[1], nV)},${sub(hid[b], nH)}</tspan></text>`);
  }
  const unit = (x: number, y: number, fill: string, name: string, index: number, n: number, bias: string, below: boolean) => index < 0
    ? `<text x="${x}" y="${y + 5}" text-anchor="middle" font-size="18">…</text>`
    : `<circle cx="${x}" cy="${y}" r="${r}" fill="${fill}" stroke="#333"/>` +
      `<text x="${x}" y="${y + 5}" text-anchor="middle" font-size="14" font-style="italic">${name}<tspan dy="4" font-size="10">${sub(index, n)}</tspan></text>` +
      `<text x="${x}" y="${below ? y + r + 16 : y - r - 7}" text-anchor="middle" font-size="11" fill="#555" font-style="italic">${bias}<tspan dy="3" font-size="8">${sub(index, n)}</tspan></text>`;
  hid.forEach((j, b) => parts.push(unit(hx[b], yH, '#fde9c9', 'h', j, nH, 'c', false)));
  vis.forEach((i, a) => parts.push(unit(vx[a], yV, '#d6e6f5', 'v', i, nV, 'b', true)));
  const label = (y: number, text: string, n: number) =>
    `<text x="8" y="${y - 3}" font-size="12" font-weight="600">${escapeHtml(text)}</text><text x="8" y="${y + 13}" font-size="11" fill="#555">${n} unit${n > 1 ? 's' : ''}</text>`;
  parts.push(label(yH, options.hiddenLabel ?? 'hidden h', nH), label(yV, options.visibleLabel ?? 'visible v', nV));
  parts.push(`<text x="${(width + 175) / 2}" y="${yV + 52}" text-anchor="middle" font-size="11" fill="#555">every v–h pair has a weight; no edges within a layer</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${yV + 62}" viewBox="0 0 ${width} ${yV + 62}" font-family="system-ui,sans-serif" role="img" aria-label="RBM bipartite graph">${parts.join('')}</svg>`;
}

/**
 * Shows {@link rbmDiagram} as a figure.
 *
 * @example
 * showRbmDiagram({ nVisible: 16, nHidden: 20, title: 'The RBM of this notebook' });
 */
export function showRbmDiagram(options: RbmDiagramOptions = {}): void {
  const svg = rbmDiagram(options);
  displayBundle({
    'text/html': figureHtml(svg, { title: options.title, caption: options.caption }),
    'text/plain': `<RBM diagram: ${options.nVisible ?? 6} visible × ${options.nHidden ?? 4} hidden units>`,
  });
}
