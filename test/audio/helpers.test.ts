import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as audio from '../../src/audio';
import { audioDuration, audioPeak, audioRms, toMono, validAudio, validClip } from '../../src/audio';
import { ParameterError } from '../../src/errors';
import { sine } from './wavBuilder';

test('toMono averages channels (librosa to_mono) and returns a mono clip unchanged', () => {
  const clip = { sampleRate: 8000, channels: [Float32Array.of(1, 0.5, -1), Float32Array.of(0, 0.5, 1), Float32Array.of(0.5, 0.5, 0)] };
  const m = toMono(clip);
  assert.equal(m.sampleRate, 8000);
  assert.deepEqual(Array.from(m.channels[0]), [0.5, 0.5, 0]);
  const mono = { sampleRate: 8000, channels: [Float32Array.of(0.1)] };
  assert.equal(toMono(mono), mono);
});

test('audioDuration, audioPeak and audioRms', () => {
  assert.equal(audioDuration({ sampleRate: 16000, channels: [new Float32Array(8000), new Float32Array(8000)] }), 0.5);
  assert.equal(audioPeak({ sampleRate: 8, channels: [Float32Array.of(0.25, -0.5), Float32Array.of(0.75, 0)] }), 0.75);
  assert.equal(audioRms(Float32Array.of(1, -1, 1, -1)), 1);
  // A sine over whole periods has RMS amp/√2.
  assert.ok(Math.abs(audioRms(sine(100, 8000, 8000, 0.8)) - 0.8 / Math.SQRT2) < 1e-6);
});

test('validAudio and validClip name the argument and the problem', () => {
  const cases: Array<[() => void, RegExp]> = [
    [() => validAudio([0.1, 0.2], 'y'), /y must be a Float32Array of audio samples, got Array/],
    [() => validAudio(new Float64Array(2), 'y'), /got Float64Array/],
    [() => validAudio(new Float32Array(0), 'signal'), /signal is empty/],
    [() => validAudio(Float32Array.of(0, Number.NEGATIVE_INFINITY), 'y'), /y\[1\] is -Infinity/],
    [() => validClip(null), /clip must be an AudioClip/],
    [() => validClip({ sampleRate: -1, channels: [new Float32Array(1)] }), /clip\.sampleRate is -1/],
    [() => validClip({ sampleRate: 8000, channels: [] }), /clip\.channels must be a non-empty array/],
    [() => validClip({ sampleRate: 8000, channels: [new Float32Array(2), new Float32Array(3)] }), /channels\[1\] has 3 samples/],
  ];
  for (const [fn, re] of cases) assert.throws(fn, (e: unknown) => e instanceof ParameterError && re.test(e.message), String(re));
  validAudio(Float32Array.of(0));
  validClip({ sampleRate: 8000, channels: [Float32Array.of(0)] });
});

test('the audio barrel exports exactly the documented public API', () => {
  assert.deepEqual(Object.keys(audio).sort(), [
    'DECODE_DEFAULTS', 'ENCODE_DEFAULTS', 'MAX_AUDIO_FILE_BYTES', 'RESAMPLE_DEFAULTS', 'SUPPORTED_AUDIO_FORMATS', 'WAV_MAX_CHANNELS',
    'WAV_MAX_SAMPLE_RATE', 'WAV_MIN_SAMPLE_RATE', 'audioDuration', 'audioPeak', 'audioRms', 'createWavWriter', 'decodeAudio', 'decodeCompressed', 'decodeWav',
    'encodeWav', 'loadAudio', 'parseWavHeader',
    'resample', 'resampleClip', 'saveWav', 'sniffAudioFormat', 'toDataUri', 'toMono', 'validAudio', 'validClip',
    // block-by-block reading (issue 11: features in flat memory)
    'AUDIO_BLOCK_FRAMES', 'StreamResampler', 'clipReader', 'monoBlocks', 'openAudioReader',
  ].sort());
});
