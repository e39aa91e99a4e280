/**
 * Self-check cells for the notebooks' exercises: compare the learner's answer with the expected one and
 * print ✓, ✗ with a hint, or a reminder when the exercise is not answered yet. Never throws, so
 * "Run all" (and the headless runner) goes through a notebook whose exercises are still open.
 */
import { escapeHtml } from './html';
import { displayBundle } from './output';

/** Options of {@link checkAnswer}. */
export interface CheckAnswerOptions {
  /** Accept numbers within this relative tolerance of the expected value. Default 1e-6. */
  tolerance?: number;
  /** Printed when the answer is wrong or missing. */
  hint?: string;
}

/** MIME type of a verdict's machine-readable copy (`{ label, result }`), read back by the notebook tests. */
export const EXERCISE_MIME = 'application/vnd.rbm-music.exercise+json';

/** Outcome of {@link checkAnswer}. */
export type CheckResult = 'correct' | 'wrong' | 'unanswered';

function isUnanswered(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v));
}

function matches(answer: unknown, expected: unknown, tol: number): boolean {
  if (typeof expected === 'number' && typeof answer === 'number') {
    return Math.abs(answer - expected) <= tol * Math.max(1, Math.abs(expected));
  }
  if (ArrayBuffer.isView(expected) || Array.isArray(expected)) {
    const a = answer as ArrayLike<unknown>, e = expected as unknown as ArrayLike<unknown>;
    return !!a && a.length === e.length && Array.from(e).every((v, i) => matches(a[i], v, tol));
  }
  return JSON.stringify(answer) === JSON.stringify(expected);
}

/**
 * Judges an answer without showing anything (the logic of {@link checkAnswer}).
 *
 * @example
 * judgeAnswer(0.30000000000000004, 0.3); // 'correct'
 */
export function judgeAnswer(answer: unknown, expected: unknown, options: CheckAnswerOptions = {}): CheckResult {
  return isUnanswered(answer) ? 'unanswered' : matches(answer, expected, options.tolerance ?? 1e-6) ? 'correct' : 'wrong';
}

/**
 * Checks an exercise answer and shows the verdict (returns nothing, so the cell shows only the verdict). Unanswered = `undefined`, `null` or `NaN` (the
 * placeholders the exercise cells start with).
 *
 * @param label - exercise name shown in the verdict.
 * @param answer - the learner's value.
 * @param expected - the right value (numbers compare with `tolerance`; arrays element-wise; else JSON equality).
 * @example
 * checkAnswer('Exercise 1', samples, 2.5 * 16000, { hint: 'samples = seconds × sampleRate' });
 */
export function checkAnswer(label: string, answer: unknown, expected: unknown, options: CheckAnswerOptions = {}): void {
  const result = judgeAnswer(answer, expected, options);
  const hint = options.hint ? ` Hint: ${options.hint}` : '';
  const shown = typeof answer === 'number' ? Number(answer.toPrecision(6)) : JSON.stringify(answer)?.slice(0, 80);
  const text = result === 'correct' ? `✓ ${label}: correct!`
    : result === 'wrong' ? `✗ ${label}: ${shown} is not right yet.${hint}`
      : `✎ ${label}: not answered yet: edit the exercise cell above, run it, then run this cell.${hint}`;
  const color = { correct: '#116329', wrong: '#a40e26', unanswered: '#59636e' }[result];
  const bg = { correct: '#dafbe1', wrong: '#ffebe9', unanswered: '#f6f8fa' }[result];
  displayBundle({
    'text/html': `<div class="rbm-check" style="font:13px system-ui,sans-serif;padding:6px 10px;border-radius:6px;background:${bg};color:${color}">${escapeHtml(text)}</div>`,
    'text/plain': text,
    [EXERCISE_MIME]: { label, result },
  });
}
