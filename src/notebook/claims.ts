/**
 * Claims: the sentences of a notebook's prose that state a direction or a size ("PCD-1 ends above CD-1",
 * "the gap with more data is smaller"), checked against the numbers the cell just computed. Each claim
 * shows one line under the cell (✓ or ✗ with the numbers), and carries a machine-readable copy in the
 * MIME type {@link CLAIM_MIME}, which `npm start` and the notebook tests read back from the executed
 * notebook: a claim that does not hold fails the run, so prose and outputs cannot drift apart.
 */
import { escapeHtml } from './html';
import { displayBundle } from './output';

/** MIME type of a claim's machine-readable copy in a notebook output. */
export const CLAIM_MIME = 'application/vnd.rbm-music.claim+json';

/** What a claim output carries. */
export interface ClaimRecord {
  /** The sentence, as the prose says it. */
  statement: string;
  /** Whether the numbers support it. */
  holds: boolean;
  /** The numbers it rests on, shown beside it. */
  numbers: Record<string, number | string>;
  /** False when the claim is only made at the default sizes and this run is in fast mode (RBM_MUSIC_FAST). */
  checked: boolean;
}

/** Options of {@link claim}. */
export interface ClaimOptions {
  /**
   * The claim is about the full-size run only (say, a comparison that needs 40 epochs to separate): in fast
   * mode (`RBM_MUSIC_FAST` set) it is shown but not checked. Default false: checked in every run.
   */
  defaultsOnly?: boolean;
}

const fmt = (v: number | string) => (typeof v === 'number' ? String(Number(v.toPrecision(4))) : v);

/**
 * States a claim the surrounding prose makes and shows whether this run's numbers support it. Never
 * throws (a learner who changes a parameter sees ✗ and reads on); `npm start` and the tests fail on ✗.
 *
 * @param statement - the claim in words, e.g. "PCD-1 ends above CD-1 at its own best learning rate".
 * @param holds - the check, computed from the cell's results.
 * @param numbers - the values it rests on (shown, and stored for the tests).
 * Returns nothing, so a claim at the end of a cell adds no stray `true` to the output.
 * @example
 * claim('the hotter chain is noisier (higher flatness)', fHot > fCold, { 'flatness at T=1.5': fHot, 'at T=1': fCold });
 */
export function claim(statement: string, holds: boolean, numbers: Record<string, number | string> = {}, options: ClaimOptions = {}): void {
  const checked = !(options.defaultsOnly && !!process.env.RBM_MUSIC_FAST);
  const record: ClaimRecord = { statement, holds, numbers, checked };
  const detail = Object.entries(numbers).map(([k, v]) => `${k} = ${fmt(v)}`).join(', ');
  const mark = !checked ? '…' : holds ? '✓' : '✗';
  const suffix = !checked ? ' (made about the full-size run; not checked in fast mode)' : holds ? '' : ' (the outputs do not support this)';
  const text = `${mark} Claim: ${statement}${detail ? ` (${detail})` : ''}${suffix}`;
  const color = !checked ? '#59636e' : holds ? '#116329' : '#a40e26';
  displayBundle({
    'text/html': `<div class="rbm-claim" style="font:12.5px system-ui,sans-serif;color:${color}">${escapeHtml(text)}</div>`,
    'text/plain': text,
    [CLAIM_MIME]: record,
  });
}
