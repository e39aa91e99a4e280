import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAudio, loadAudio, sniffAudioFormat } from '../../src/audio';
import { AudioFormatError } from '../../src/errors';
import { maxAbsDiff, sine } from './wavBuilder';
import { oggWithRate } from './oggHelpers';

// Fixtures made with SoX from left = 0.5·sin(2π·440t), right = 0.5·sin(2π·660t), 0.5 s at 16 kHz (see README there).
const FIX = join(__dirname, '..', 'fixtures', 'audio');

/** Amplitude of the f-Hz component of y (single-bin DFT over a whole number of periods). */
function amplitudeAt(y: Float32Array, f: number, sr: number, from: number, n: number): number {
  let re = 0;
  let im = 0;
  for (let i = from; i < from + n; i++) {
    re += y[i] * Math.cos((2 * Math.PI * f * i) / sr);
    im += y[i] * Math.sin((2 * Math.PI * f * i) / sr);
  }
  return (2 * Math.hypot(re, im)) / n;
}

test('FLAC decodes losslessly: sample for sample the PCM of the same audio as WAV', async () => {
  const clip = await loadAudio(join(FIX, 'tone-440-660.flac'));
  const wav = await loadAudio(join(FIX, 'tone-440-660.wav'));
  assert.equal(clip.sampleRate, 16000);
  assert.equal(clip.channels.length, 2);
  assert.equal(clip.channels[0].length, 8000);
  for (let c = 0; c < 2; c++) assert.equal(maxAbsDiff(clip.channels[c], wav.channels[c]), 0);
  // And that PCM is SoX's 0.5-amplitude sine (dithered to 16 bits, hence the loose bound).
  assert.ok(maxAbsDiff(clip.channels[0], sine(440, 16000, 8000)) < 0.01);
});

for (const [file, frames] of [['tone-440-660.ogg', 8000], ['tone-440-660.mp3', 9216]] as const) {
  test(`${file}: lossy decode keeps rate, channels, length and each channel's tone at amplitude 0.5`, async () => {
    const clip = await loadAudio(join(FIX, file));
    assert.equal(clip.sampleRate, 16000);
    assert.equal(clip.channels.length, 2);
    assert.equal(clip.channels[0].length, frames); // MP3 carries LAME's encoder delay and padding
    // 400 samples = 11 periods of 440 Hz and 16.5 of 660 Hz; take 4000 (110 and 165 periods) from the middle.
    for (const [c, f, other] of [[0, 440, 660], [1, 660, 440]]) {
      const a = amplitudeAt(clip.channels[c], f, 16000, 2000, 4000);
      assert.ok(Math.abs(a - 0.5) < 0.03, `${file} ch${c} amplitude at ${f} Hz: ${a}`);
      assert.ok(amplitudeAt(clip.channels[c], other, 16000, 2000, 4000) < 0.01, `${file} ch${c} leaks ${other} Hz`);
    }
  });
}

test('decodeAudio applies mono and sampleRate to compressed input too', async () => {
  const bytes = readFileSync(join(FIX, 'tone-440-660.flac'));
  const clip = await decodeAudio(bytes, { mono: true, sampleRate: 8000 });
  assert.equal(clip.channels.length, 1);
  assert.equal(clip.sampleRate, 8000);
  assert.equal(clip.channels[0].length, 4000);
  const want = sine(440, 8000, 4000).map((v, i) => (v + 0.5 * Math.sin((2 * Math.PI * 660 * i) / 8000)) / 2);
  assert.ok(maxAbsDiff(clip.channels[0], want, 200, 3800) < 1e-3);
});

test('damaged compressed files: AudioFormatError naming the file (garbage, truncated header, Ogg Opus)', async () => {
  const expect = async (bytes: Uint8Array, name: string, what: RegExp): Promise<void> => {
    await assert.rejects(decodeAudio(bytes, { fileName: name }), (e: unknown) => {
      assert.ok(e instanceof AudioFormatError, `${name}: got ${(e as Error)?.name}: ${(e as Error)?.message}`);
      assert.ok(e.message.includes(name), e.message);
      assert.match(e.message, what);
      return true;
    });
  };
  const flac = readFileSync(join(FIX, 'tone-440-660.flac'));
  await expect(flac.subarray(0, 40), 'cut.flac', /no audio could be decoded from this FLAC file/);
  await expect(Uint8Array.from([...Buffer.from('OggS'), ...new Uint8Array(200)]), 'zeros.ogg', /no audio could be decoded from this OGG file/);
  await expect(Uint8Array.from([0xff, 0xfb, ...new Uint8Array(100).fill(0x55)]), 'noise.mp3', /no audio could be decoded from this MP3 file/);
  const opus = Uint8Array.from([...Buffer.from('OggS'), ...new Uint8Array(24), ...Buffer.from('OpusHead'), ...new Uint8Array(20)]);
  await expect(opus, 'voice.opus', /Ogg Opus is not supported/);
  await expect(new Uint8Array(0), 'empty.bin', /unrecognised audio format \(first bytes: none/);
});

test('sniffing: AAC ADTS (FF F1) is not taken for MP3; MPEG-1 Layer III (FF FB) and ID3 are', () => {
  assert.equal(sniffAudioFormat(Uint8Array.of(0xff, 0xf1, 0x50, 0x80)), 'unknown');
  assert.equal(sniffAudioFormat(Uint8Array.of(0xff, 0xfb, 0x90, 0x00)), 'mp3');
  assert.equal(sniffAudioFormat(Uint8Array.from(Buffer.from('ID3\x04'))), 'mp3');
  assert.equal(sniffAudioFormat(Uint8Array.from(Buffer.from('fLaC'))), 'flac');
  assert.equal(sniffAudioFormat(Uint8Array.from(Buffer.from('RIFF'))), 'wav');
});

test('a mono MP3 decodes to one channel (mpg123-decoder reports two identical ones); stereo stays two', async () => {
  const mono = await loadAudio(join(FIX, 'tone-440-mono.mp3'));
  assert.equal(mono.channels.length, 1);
  assert.equal(mono.channels[0].length, 9216);
  assert.ok(Math.abs(amplitudeAt(mono.channels[0], 440, 16000, 3000, 4000) - 0.5) < 0.05);
  // The comment in decodeCompressed.ts states the LAME delay measured here: the tone starts at sample 1105 (576 + 529).
  assert.equal(mono.channels[0].findIndex((v) => Math.abs(v) > 0.05), 1106);
  const stereo = await loadAudio(join(FIX, 'tone-440-660.mp3'));
  assert.equal(stereo.channels.length, 2);
});

test('an Ogg whose header claims 8 Hz is refused naming the file (resampling it to 16 kHz ran for minutes)', async () => {
  const bytes = readFileSync(join(FIX, 'tone-440-660.ogg'));
  assert.equal((await decodeAudio(oggWithRate(bytes, 16000), { fileName: 'same.ogg' })).sampleRate, 16000); // the CRC helper is right
  const t0 = performance.now();
  await assert.rejects(decodeAudio(oggWithRate(bytes, 8), { fileName: 'slow.ogg', sampleRate: 16000 }), (e: unknown) =>
    e instanceof AudioFormatError && /^slow\.ogg: the file says sample rate 8 Hz; valid: 1000 to 768000 Hz/.test(e.message));
  assert.ok(performance.now() - t0 < 2000);
});
