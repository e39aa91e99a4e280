/**
 * Peak memory of `rbm-music features` against input length (issue 11: "features on a 60-minute file with flat peak
 * memory; report figures for 2/8/32/60 minutes"). Not a timed test and not part of `npm run bench`: it writes long
 * WAV files into a git-ignored folder — 44.1 kHz 16-bit stereo by default (the CD format, 10.6 MB per minute, which
 * also exercises the mix-down and the resampler), or 16 kHz 16-bit mono with `--format 16k-mono` (what the issue-11
 * figures of the previous session used) — and runs the real CLI on each, one at a time, under `/usr/bin/time -f %M`
 * (the child's peak resident set size).
 *
 *   nice -n 10 npx tsx bench/featuresMemory.ts [--minutes 2,8,32,60] [--format 44k-stereo|16k-mono] [--dir .scratch-mem] [--repeat 1] [--keep]
 *     [--cli path/to/bin/rbm-music.js]   (another checkout's CLI, e.g. an older commit for "before" figures)
 *
 * "Flat" is judged as: peak RSS for the longest file within 20 % of the shortest's. The load average is printed
 * beside each run (memory hardly depends on it; the seconds do).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { Random } from '../src/util/random';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const minutes = flag('--minutes', '2,8,32,60').split(',').map(Number);
const dir = path.resolve(flag('--dir', '.scratch-mem'));
const repeat = Number(flag('--repeat', '1'));
const keep = args.includes('--keep');
const cli = path.resolve(flag('--cli', 'bin/rbm-music.js'));
const format = flag('--format', '44k-stereo');
if (format !== '44k-stereo' && format !== '16k-mono') throw new Error(`--format must be 44k-stereo or 16k-mono, got ${format}`);
const RATE = format === '16k-mono' ? 16000 : 44100;
const CHANNELS = format === '16k-mono' ? 1 : 2;

/**
 * A WAV of `mins` minutes written block by block (never whole in memory): chords of a few partials that change every
 * 0.5 s, with a little noise, so every mel band carries signal. Seeded: the same file every time.
 */
function writeTestWav(file: string, mins: number): void {
  const frames = Math.round(mins * 60 * RATE);
  const align = 2 * CHANNELS;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1'); header.writeUInt32LE(36 + align * frames, 4); header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1'); header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(CHANNELS, 22);
  header.writeUInt32LE(RATE, 24); header.writeUInt32LE(RATE * align, 28); header.writeUInt16LE(align, 32); header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1'); header.writeUInt32LE(align * frames, 40);
  const fd = openSync(file, 'w');
  writeSync(fd, header);
  const r = new Random(11);
  const block = RATE / 2; // one chord per half second
  const buf = Buffer.alloc(align * block);
  for (let start = 0; start < frames; start += block) {
    const n = Math.min(block, frames - start);
    const f = [0, 1, 2].map(() => 110 * 2 ** (r.int(36) / 12));
    for (let i = 0; i < n; i++) {
      const t = (start + i) / RATE;
      let x = 0;
      for (const hz of f) x += Math.sin(2 * Math.PI * hz * t) + 0.3 * Math.sin(4 * Math.PI * hz * t);
      const l = 0.15 * x + 0.02 * r.normal(), rr = 0.12 * x + 0.02 * r.normal();
      buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(l * 32767))), align * i);
      if (CHANNELS === 2) buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(rr * 32767))), align * i + 2);
    }
    writeSync(fd, buf, 0, align * n);
  }
  closeSync(fd);
}

mkdirSync(dir, { recursive: true });
const rows: string[] = [];
const peaks: number[] = [];
for (const m of minutes) {
  const wav = path.join(dir, `features-mem-${m}min-${format}.wav`);
  if (!existsSync(wav) || statSync(wav).size !== 44 + 2 * CHANNELS * Math.round(m * 60 * RATE)) writeTestWav(wav, m);
  const out = path.join(dir, `features-mem-${m}min-${format}.features`);
  let best = Infinity;
  for (let k = 0; k < repeat; k++) {
    const load = loadavg()[0].toFixed(2);
    const r = spawnSync('/usr/bin/time', ['-f', '%M %e', process.execPath, cli, '--quiet', 'features', wav, '-o', out, '--force'], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(r.stdout, r.stderr);
      throw new Error(`features on ${wav} exited ${r.status}`);
    }
    const [kb, secs] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    best = Math.min(best, kb);
    const line = `${m} min ${format} (${(statSync(wav).size / 1e6).toFixed(0)} MB WAV → ${(statSync(out).size / 1e6).toFixed(1)} MB features): peak RSS ${(kb / 1024).toFixed(0)} MiB, ${secs.toFixed(1)} s, load average ${load}`;
    console.log(line);
    rows.push(line);
  }
  peaks.push(best);
  if (!keep) for (const f of [out, out.replace(/\.features$/, '.svg')]) rmSync(f, { force: true });
}
const ratio = peaks[peaks.length - 1] / peaks[0];
console.log(`\nlongest / shortest peak RSS: ${ratio.toFixed(3)} → ${ratio <= 1.2 ? 'flat (within 20 %)' : 'NOT flat (more than 20 % growth)'}`);
