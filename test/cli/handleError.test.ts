import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommanderError } from 'commander';
import { handleError, EXIT } from '../../src/cli/handleError';
import { AudioFormatError } from '../../src/errors';

function capture(err: unknown, debug = false) {
  const out: string[] = [];
  const code = handleError(err, debug, (s) => out.push(s));
  return { code, text: out.join('') };
}

test('handleError: library errors print one line without a stack; --debug adds it', () => {
  const e = new AudioFormatError('x.wav: truncated header\n(expected 44 bytes)');
  const plain = capture(e);
  assert.equal(plain.code, EXIT.error);
  assert.equal(plain.text, 'rbm-music: x.wav: truncated header (expected 44 bytes)\n');
  const debug = capture(e, true);
  assert.match(debug.text, /^rbm-music: x\.wav/);
  assert.match(debug.text, /\n\s+at /);
});

test('handleError: unexpected errors are marked internal; commander usage errors exit 2; help exits 0', () => {
  assert.match(capture(new TypeError('boom')).text, /^rbm-music: internal error: boom \(run with --debug for details\)\n$/);
  const usage = capture(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"));
  assert.deepEqual(usage, { code: EXIT.usage, text: "rbm-music: unknown option '--x'\n" });
  assert.deepEqual(capture(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)')), { code: 0, text: '' });
});
