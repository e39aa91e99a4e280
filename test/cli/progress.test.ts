import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress } from '../../src/cli/progress';

/** A fake stream that records writes; `tty` decides whether it claims to be a terminal. */
function fakeStream(tty: boolean) {
  const chunks: string[] = [];
  const s = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } }) as unknown as NodeJS.WriteStream & { chunks: string[] };
  Object.assign(s, { isTTY: tty, columns: 100, chunks, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, clearScreenDown: () => true });
  return s;
}

test('progress: silent when not a TTY or quiet; draws count and ETA on a TTY', () => {
  for (const [tty, quiet] of [[false, false], [true, true]] as const) {
    const s = fakeStream(tty);
    const p = createProgress({ stream: s, quiet });
    p.start(4, 'work'); p.update(2, 'x'); p.stop();
    assert.equal(s.chunks.join(''), '', `tty=${tty} quiet=${quiet}`);
  }
  const s = fakeStream(true);
  const p = createProgress({ stream: s });
  p.start(4, 'work'); p.update(3, 'item.mid'); p.stop();
  const text = s.chunks.join('');
  assert.match(text, /work/);
  assert.match(text, /3\/4/);
  assert.match(text, /ETA/);
  assert.match(text, /item\.mid/);
});
