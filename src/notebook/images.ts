/**
 * Small binary or greyscale images (bars and stripes, digits, an RBM's samples) as a grid of SVG pictures: one
 * picture per matrix row, one square per pixel, darker for values nearer 1 (ink on paper, as the RBM literature
 * draws its samples). Vector output stays sharp at any zoom and survives nbconvert's HTML export.
 */
import type { Matrix } from '../types';
import { ParameterError } from '../errors';
import { assertMatrix } from '../util/matrix';
import { escapeHtml, figureHtml } from './html';
import { displayBundle } from './output';

/** Options of {@link imagesHtml} / {@link showImages}. */
export interface ShowImagesOptions {
  /** Height of each image in pixels. Default: a square image, √(patterns.cols) (4 for 16 columns). */
  rows?: number;
  /** Width of each image in pixels. Default: patterns.cols / rows. */
  cols?: number;
  /** CSS pixels per image pixel. Default 10 (a 4×4 image is 40 px: 30 of them fit one notebook line). */
  scale?: number;
  /** Label under each image, one per matrix row (e.g. its index or class). Default none. */
  labels?: string[];
  /** Title above the grid. */
  title?: string;
  /** Caption below the grid. */
  caption?: string;
}

/** Defaults of {@link ShowImagesOptions}. */
export const SHOW_IMAGES_DEFAULTS = { scale: 10 } as const;

/** Image height and width in pixels, from the options or a square. */
function imageShape(patterns: Matrix, options: ShowImagesOptions): [number, number] {
  const { rows, cols } = options;
  for (const [name, v] of [['rows', rows], ['cols', cols]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw new ParameterError(`showImages: ${name} must be a positive integer, got ${v}`);
  }
  const h = rows ?? (cols ? patterns.cols / cols : Math.round(Math.sqrt(patterns.cols)));
  const w = cols ?? patterns.cols / h;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h * w !== patterns.cols) {
    throw new ParameterError(`showImages: patterns has ${patterns.cols} columns, which is not rows × cols = ${rows ?? h} × ${cols ?? w}; ` +
      'give rows and cols whose product is the number of columns');
  }
  return [h, w];
}

/**
 * HTML of a grid of images, one per row of `patterns` (values in [0, 1]: 0 white, 1 black, clamped outside).
 *
 * @param patterns - images × pixels, each row one image in row-major order (`data[r * cols + c]` of that row).
 * @throws {ParameterError} when `patterns` is not a valid matrix, rows × cols ≠ patterns.cols, `scale` is not
 * positive, a value is not finite (from assertMatrix), or `labels` has the wrong length.
 */
export function imagesHtml(patterns: Matrix, options: ShowImagesOptions = {}): string {
  assertMatrix(patterns, 'patterns', { minRows: 1 });
  const [h, w] = imageShape(patterns, options);
  const s = options.scale ?? SHOW_IMAGES_DEFAULTS.scale;
  if (!(s > 0 && Number.isFinite(s))) throw new ParameterError(`showImages: scale must be a positive number of CSS pixels, got ${s}`);
  const { labels } = options;
  if (labels && labels.length !== patterns.rows) {
    throw new ParameterError(`showImages: labels has ${labels.length} entries, expected one per image (${patterns.rows})`);
  }
  const pictures = Array.from({ length: patterns.rows }, (_, r) => {
    const rects: string[] = [];
    for (let i = 0; i < h * w; i++) {
      const v = patterns.data[r * patterns.cols + i];
      const grey = Math.round(255 * (1 - Math.min(1, Math.max(0, v))));
      if (grey === 255) continue; // white: the background already is
      rects.push(`<rect x="${(i % w) * s}" y="${Math.floor(i / w) * s}" width="${s}" height="${s}" fill="rgb(${grey},${grey},${grey})"/>`);
    }
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w * s}" height="${h * s}" style="outline:1px solid #bbb;background:#fff">${rects.join('')}</svg>`;
    const label = labels ? `<div style="font:11px system-ui,sans-serif;color:#555;text-align:center">${escapeHtml(labels[r])}</div>` : '';
    return `<div>${svg}${label}</div>`;
  });
  const grid = `<div style="display:flex;flex-wrap:wrap;gap:8px;max-width:640px;padding:2px">${pictures.join('')}</div>`;
  return figureHtml(grid, { title: options.title, caption: options.caption });
}

/**
 * Shows the rows of a matrix as small binary or greyscale images in a grid (darker = nearer 1).
 *
 * @example
 * showImages(barsAndStripes(4), { title: 'The 30 bars-and-stripes patterns' });  // 30 images of 4 × 4
 * showImages(model.sample({ n: 10 }), { rows: 4, cols: 4, scale: 16, labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] });
 */
export function showImages(patterns: Matrix, options: ShowImagesOptions = {}): void {
  displayBundle({ 'text/html': imagesHtml(patterns, options), 'text/plain': `<${patterns.rows} images>` });
}
