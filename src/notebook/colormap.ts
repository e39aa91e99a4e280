/**
 * Perceptually uniform colormaps (matplotlib's viridis, magma, inferno by van der Walt & Smith, 2015),
 * stored as 10 evenly spaced stops and linearly interpolated, which is visually indistinguishable from
 * the 256-entry tables at spectrogram sizes.
 */

/** Names of the available colormaps. */
export type ColormapName = 'viridis' | 'magma' | 'inferno';

/** Stops at t = 0, 1/9, …, 1 (hex colours sampled from matplotlib). */
export const COLORMAP_STOPS: Record<ColormapName, readonly string[]> = {
  viridis: ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'],
  magma: ['#000004', '#180f3d', '#440f76', '#721f81', '#9e2f7f', '#cd4071', '#f1605d', '#fd9668', '#feca8d', '#fcfdbf'],
  inferno: ['#000004', '#1b0c41', '#4a0c6b', '#781c6d', '#a52c60', '#cf4446', '#ed6925', '#fb9b06', '#f7d13d', '#fcffa4'],
};

/**
 * A 256-entry RGB lookup table (768 bytes) for a colormap, for fast per-pixel colouring.
 *
 * @example
 * const lut = colormapLut('magma'); // lut[3*i .. 3*i+2] is the colour of level i/255
 */
export function colormapLut(name: ColormapName): Uint8Array {
  const stops = (COLORMAP_STOPS[name] ?? COLORMAP_STOPS.magma).map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(stops[k][c] * (1 - f) + stops[k + 1][c] * f);
  }
  return lut;
}
