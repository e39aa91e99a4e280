/**
 * Piano rolls as pictures: time left to right, pitch bottom to top, a dark cell where a note sounds, black-key
 * rows shaded and bar lines drawn, so chords read as vertical stacks and melodies as lines. PNG inside HTML
 * (it survives nbconvert's HTML export, unlike bare image outputs).
 */
import { ParameterError } from '../errors';
import type { Matrix } from '../types';
import type { PianoRoll } from '../symbolic';
import { encodePng, pngDataUri } from './png';
import { escapeHtml, figureHtml } from './html';
import { displayBundle } from './output';

/** Options of {@link showPianoRoll}. */
export interface ShowPianoRollOptions {
  /** Show rows [from, from + steps) only (default: the first 256 rows, 16 bars of sixteenths). */
  from?: number;
  steps?: number;
  /** Pixels per row and per pitch (default 3 and 4). */
  xScale?: number;
  yScale?: number;
  title?: string;
  caption?: string;
}

const NOTE_NAMES = ['C', 'C♯', 'D', 'E♭', 'E', 'F', 'F♯', 'G', 'A♭', 'A', 'B♭', 'B'];

/** Scientific pitch name of a MIDI note: 60 → 'C4', 69 → 'A4'. */
export function pitchName(midi: number): string {
  return `${NOTE_NAMES[((midi % 12) + 12) % 12]}${Math.floor(midi / 12) - 1}`;
}

/**
 * HTML (a PNG in a figure) of a piano roll; values in [0, 1] are drawn as grey levels, so predicted
 * probabilities can be shown too.
 * @throws ParameterError for a bad range or scale.
 */
export function pianoRollHtml(roll: PianoRoll, opts: ShowPianoRollOptions = {}): string {
  const from = opts.from ?? 0, steps = Math.min(opts.steps ?? 256, roll.rows - from);
  const xs = opts.xScale ?? 3, ys = opts.yScale ?? 4;
  if (!(Number.isInteger(from) && from >= 0 && steps > 0)) throw new ParameterError(`showPianoRoll: from=${from} must be a row of the ${roll.rows}-row roll`);
  if (!(Number.isInteger(xs) && xs > 0 && Number.isInteger(ys) && ys > 0)) throw new ParameterError(`showPianoRoll: xScale and yScale must be positive integers, got ${xs} and ${ys}`);
  const W = steps * xs, H = roll.cols * ys;
  const rgb = new Uint8Array(W * H * 3).fill(255);
  const bar = roll.grid.kind === 'beats' ? roll.grid.stepsPerBeat * 4 : Math.round(2 / roll.grid.frameSeconds);
  for (let y = 0; y < H; y++) {
    const k = roll.cols - 1 - Math.floor(y / ys); // top row = highest pitch
    const black = [1, 3, 6, 8, 10].includes((roll.lowestPitch + k) % 12);
    for (let x = 0; x < W; x++) {
      const t = from + Math.floor(x / xs);
      const v = Math.min(1, Math.max(0, roll.data[t * roll.cols + k]));
      let g = black ? 238 : 255;
      if ((t - from) % bar === 0 && x % xs === 0) g = 200;
      if (v > 0) g = Math.round(g * (1 - v) + 30 * v);
      const o = (y * W + x) * 3;
      rgb[o] = g; rgb[o + 1] = g; rgb[o + 2] = v > 0 ? Math.min(255, g + 60 * v) : g; // notes in a dark blue
    }
  }
  const uri = pngDataUri(encodePng(rgb, W, H));
  const lo = pitchName(roll.lowestPitch), hi = pitchName(roll.lowestPitch + roll.cols - 1);
  const img = `<div style="display:flex;align-items:stretch;gap:4px;font:11px system-ui,sans-serif;color:#555">` +
    `<div style="display:flex;flex-direction:column;justify-content:space-between"><span>${hi}</span><span>${lo}</span></div>` +
    `<img src="${uri}" width="${W}" height="${H}" style="image-rendering:pixelated;outline:1px solid #bbb" alt="${escapeHtml(roll.name)}"/></div>`;
  return figureHtml(img, { title: opts.title ?? roll.name, caption: opts.caption ?? `rows ${from}–${from + steps - 1} of ${roll.rows}; grey lines every bar` });
}

/**
 * Shows a piano roll (see {@link pianoRollHtml}).
 * @example showPianoRoll(rolls[0], { steps: 128, title: 'city_blues_redfarn, first 8 bars' });
 */
export function showPianoRoll(roll: PianoRoll, opts: ShowPianoRollOptions = {}): void {
  displayBundle({ 'text/html': pianoRollHtml(roll, opts), 'text/plain': `<piano roll ${roll.name}: ${roll.rows} × ${roll.cols}>` });
}

/**
 * The pitch pattern each hidden unit prefers: for every unit, the pitches with the largest weights, as note names
 * (e.g. 'C4 E4 G4' = a C major chord). A frame-RBM's hidden units are chord and register detectors.
 * @param W nPitches × nHidden weights (an RBM over frames), `W[i * nHidden + j]`.
 * @returns one string per hidden unit.
 */
export function hiddenUnitPitches(W: Matrix, lowestPitch: number, top = 4): string[] {
  return Array.from({ length: W.cols }, (_, j) => {
    const order = Array.from({ length: W.rows }, (_, i) => i).sort((a, b) => W.data[b * W.cols + j] - W.data[a * W.cols + j]);
    return order.slice(0, top).sort((a, b) => a - b).map((i) => pitchName(lowestPitch + i)).join(' ');
  });
}
