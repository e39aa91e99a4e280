// Ctrl-C / kill during a long `rbm-music generate` leaves neither a half-written temp file nor a truncated output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const BIN = path.join(__dirname, '../../bin/rbm-music.js');

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`${signal} during generate removes the temp file and writes no output`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rbm-signal-'));
    const train = spawnSync(process.execPath, [BIN, 'train', '--dataset', 'synthetic', '--clips', '2', '--seconds', '2', '--epochs', '1',
      '--hidden', '16', '-o', 'm.json', '-q'], { cwd: dir, encoding: 'utf8' });
    assert.equal(train.status, 0, train.stderr);
    const child = spawn(process.execPath, [BIN, 'generate', '-m', 'm.json', '--seconds', '3000', '-o', 'long.wav', '-q'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, sig })));
    // Wait until rendering has started writing (the temp file exists), then interrupt.
    const started = Date.now();
    while (!readdirSync(dir).some((f) => f.endsWith('.tmp'))) {
      assert.ok(Date.now() - started < 30_000, 'generate never started writing');
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill(signal);
    const { code, sig } = await exited;
    assert.ok(sig === signal || code === 128 + os.constants.signals[signal], `ended by ${signal} (code ${code}, signal ${sig})`);
    assert.deepEqual(readdirSync(dir).filter((f) => f !== 'm.json').sort(), [], 'no temp file and no partial output left');
  });
}
