/**
 * Tick positions and labels for the hand-drawn SVG figures (spectrograms, receptive-field grids),
 * whose images are too dense for Vega-Lite marks.
 */

/** "Nice" ticks (1, 2, 5 × 10^k steps) covering [lo, hi], about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Frequencies worth labelling on a logarithmic axis, in Hz. */
export const LOG_FREQUENCY_TICKS = [20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000];

/** Formats a frequency compactly: 440 → "440", 2000 → "2k", 1500 → "1.5k". */
export function formatHz(hz: number): string {
  return hz >= 1000 ? `${Number((hz / 1000).toPrecision(3))}k` : `${Number(hz.toPrecision(3))}`;
}

/** Slaney mel scale (librosa's default, htk=false): linear below 1 kHz, logarithmic above. */
export function hzToMelSlaney(hz: number): number {
  const fSp = 200 / 3, minLogHz = 1000, minLogMel = minLogHz / fSp, logStep = Math.log(6.4) / 27;
  return hz >= minLogHz ? minLogMel + Math.log(hz / minLogHz) / logStep : hz / fSp;
}

/** Inverse of {@link hzToMelSlaney}. */
export function melToHzSlaney(mel: number): number {
  const fSp = 200 / 3, minLogHz = 1000, minLogMel = minLogHz / fSp, logStep = Math.log(6.4) / 27;
  return mel >= minLogMel ? minLogHz * Math.exp(logStep * (mel - minLogMel)) : fSp * mel;
}

/** SVG text element with the figure font. */
export function svgText(x: number, y: number, text: string, anchor: 'start' | 'middle' | 'end' = 'middle', extra = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" font-family="system-ui,sans-serif" font-size="11" fill="#444"${extra}>${text}</text>`;
}
