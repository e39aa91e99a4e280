// Display helpers: each produces the right MIME bundle, and the payloads decode (SVG, Vega-Lite JSON, PNG
// pixels, WAV samples) to what was asked for. Outside a kernel the helpers record their outputs, so these
// tests run without tslab; one test fakes tslab's writer to check the kernel path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { decodeWav } from '../../src/audio';
import { ParameterError } from '../../src/errors';
import { matrix } from '../../src/util/matrix';
import type { CRBMTrainOptions, TrainOptions } from '../../src/rbm';
import {
  captureDisplays, checkAnswer, colormapLut, displayBundle, encodePng, lineChart, progressBar, showAudio, showChart,
  showHiddenUnits, showImages, showMarkdown, showReconstruction, showSpectrogram, showSpectrograms, showTable, spectrogramRange, strongestUnits, takeRecordedOutputs,
  trainingMonitor, waveformChart, type DisplayRecord,
} from '../../src/notebook';

const html = (r: DisplayRecord) => r.data['text/html'] as string;

/** Independent PNG reader (chunk walk + CRC-32 by the bitwise definition + inflate + filter-0 scanlines). */
function readPng(bytes: Buffer): { width: number; height: number; rgb: Uint8Array } {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  const crc = (buf: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1; }
    return (c ^ 0xffffffff) >>> 0;
  };
  let pos = 8, width = 0, height = 0;
  const idat: Buffer[] = [];
  while (pos < bytes.length) {
    const len = bytes.readUInt32BE(pos), type = bytes.toString('ascii', pos + 4, pos + 8);
    assert.equal(bytes.readUInt32BE(pos + 8 + len), crc(bytes.subarray(pos + 4, pos + 8 + len)), `CRC of ${type}`);
    const body = bytes.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') { width = body.readUInt32BE(0); height = body.readUInt32BE(4); assert.deepEqual([...body.subarray(8)], [8, 2, 0, 0, 0]); }
    if (type === 'IDAT') idat.push(body);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 3 + 1)], 0, 'filter type 0');
    rgb.set(raw.subarray(y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1)), y * width * 3);
  }
  return { width, height, rgb };
}

test('showChart: one output with inline SVG, the Vega-Lite spec and a text fallback', async () => {
  const spec = lineChart({ train: [3, 2, 1.5], heldOut: [3.2, 2.4, 2.1] }, { yTitle: 'reconstruction error' });
  const [out, ...rest] = await captureDisplays(() => showChart(spec, { title: 'Training' }));
  assert.equal(rest.length, 0);
  assert.match(html(out), /^<figure[^>]*>.*<svg[^>]*>.*<\/svg>.*<\/figure>$/s);
  assert.match(html(out), /reconstruction error/);
  const vl = out.data['application/vnd.vegalite.v5+json'] as { data: { values: { series: string; y: number }[] }; $schema: string };
  assert.match(vl.$schema, /vega-lite\/v5/);
  assert.deepEqual(vl.data.values.filter((v) => v.series === 'heldOut').map((v) => v.y), [3.2, 2.4, 2.1]);
  // Two series → two line paths in the SVG (vega marks them role-mark line).
  assert.equal((html(out).match(/<path [^>]*stroke="#[0-9a-f]{6}"[^>]*stroke-width="2"/g) ?? []).length, 2);
  assert.equal(typeof out.data['text/plain'], 'string');
});

test('waveformChart: min/max envelope per column, one lane per channel', () => {
  const y = new Float32Array(1000).map((_, i) => (i % 100 === 0 ? 0.5 : -0.25 * (i % 2)));
  const spec = waveformChart(y, { columns: 10, sampleRate: 1000 }) as { data: { values: { lo: number; hi: number; t: number }[] } };
  assert.equal(spec.data.values.length, 10);
  for (const v of spec.data.values) { assert.equal(v.hi, 0.5); assert.equal(v.lo, -0.25); }
  assert.deepEqual(spec.data.values.map((v) => v.t), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  const stereo = waveformChart({ sampleRate: 1000, channels: [y, y] }, { columns: 4 }) as { data: { values: unknown[] }; facet?: unknown };
  assert.equal(stereo.data.values.length, 8);
  assert.ok(stereo.facet);
  assert.throws(() => waveformChart(new Float32Array(0)), ParameterError);
});

test('showSpectrogram: the PNG inside decodes, and a single loud bin lands on the right row in the top colour', async () => {
  // 50 frames × 513 bins at 16 kHz; bin 256 (4 kHz, half of Nyquist) is loud, everything else quiet.
  const S = matrix(50, 513);
  for (let t = 0; t < 50; t++) for (let f = 0; f < 513; f++) S.data[t * 513 + f] = f === 256 ? 1 : 1e-6;
  const [out] = await captureDisplays(() => showSpectrogram(S, { sampleRate: 16000, yScale: 'linear', height: 101 }));
  const m = /href="data:image\/png;base64,([^"]+)"/.exec(html(out));
  assert.ok(m, 'PNG image in the SVG');
  const { width, height, rgb } = readPng(Buffer.from(m[1], 'base64'));
  assert.equal(width, 50);
  assert.equal(height, 101);
  const lut = colormapLut('magma');
  const pixel = (x: number, y: number) => [...rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];
  assert.deepEqual(pixel(10, 50), [...lut.subarray(255 * 3, 256 * 3)], 'the middle row (4 kHz) is the brightest colour');
  assert.deepEqual(pixel(10, 0), [...lut.subarray(0, 3)], 'the top row is the darkest (80 dB below)');
  assert.match(html(out), />4k</, 'frequency axis labelled');
  assert.match(html(out), /time \(s\)/);
});

test('encodePng rejects wrong sizes with ParameterError', () => {
  assert.throws(() => encodePng(new Uint8Array(5), 1, 2), /expected width\*height\*3 = 6/);
  assert.throws(() => encodePng(new Uint8Array(0), 0, 1), ParameterError);
});

test('showAudio: the data URI decodes to the same samples (16-bit) and the caption is shown', async () => {
  const y = new Float32Array(1600).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000));
  const [out] = await captureDisplays(() => showAudio(y, { sampleRate: 16000, caption: 'A4 <sine>' }));
  assert.match(html(out), /<audio controls/);
  assert.match(html(out), /A4 &lt;sine&gt;/, 'caption escaped');
  const uri = /src="data:audio\/wav;base64,([^"]+)"/.exec(html(out));
  assert.ok(uri);
  const clip = decodeWav(Buffer.from(uri[1], 'base64'));
  assert.equal(clip.sampleRate, 16000);
  assert.equal(clip.channels[0].length, y.length);
  for (let i = 0; i < y.length; i++) assert.ok(Math.abs(clip.channels[0][i] - y[i]) <= 1 / 32767, `sample ${i}`);
  assert.throws(() => showAudio(new Float32Array(0)), ParameterError);
});

test('showAudio normalize scales the peak to 0.9; stereo clips are mixed down', async () => {
  const clip = { sampleRate: 8000, channels: [new Float32Array([0.1, 0.2, -0.1]), new Float32Array([0.1, 0, 0.1])] };
  const [out] = await captureDisplays(() => showAudio(clip, { normalize: true }));
  const uri = /base64,([^"]+)"/.exec(html(out))!;
  const back = decodeWav(Buffer.from(uri[1], 'base64')).channels[0];
  assert.deepEqual(Array.from(back, (v) => Math.round(v * 1000) / 1000), [0.9, 0.9, 0]);
});

test('showHiddenUnits: the strongest units by weight norm, one sparkline and one player each', async () => {
  const nVisible = 6, nHidden = 5;
  const W = new Float32Array(nVisible * nHidden).map((_, k) => ((k % nHidden) + 1) * (k % 2 ? -0.1 : 0.1));
  // Brute force: norm of column j is proportional to (j + 1), so the order is 4, 3, 2, …
  assert.deepEqual(strongestUnits(W, nVisible, nHidden, 3), [4, 3, 2]);
  const sonified: number[] = [];
  const [out] = await captureDisplays(() => showHiddenUnits(W, { nVisible, nHidden, maxUnits: 3, freqs: [0, 100, 200, 400, 800, 1600],
    sonify: (j) => { sonified.push(j); return new Float32Array(800).fill(0.1); } }));
  assert.deepEqual(sonified, [4, 3, 2]);
  assert.equal((html(out).match(/<polyline/g) ?? []).length, 3);
  assert.equal((html(out).match(/<audio /g) ?? []).length, 3);
  assert.match(html(out), /unit 4/);
  // Each player fills its card's 200 px content box and no more, also under a frontend's global border-box CSS
  // (Bootstrap, as classic Notebook uses, made the old 196 px player overflow a 200 px border-box card).
  assert.equal((html(out).match(/<div style="[^"]*width:210px;box-sizing:border-box">/g) ?? []).length, 3);
  assert.equal((html(out).match(/<audio style="display:block;width:100%;max-width:100%;box-sizing:border-box;/g) ?? []).length, 3);
  assert.throws(() => showHiddenUnits(W, { nVisible: 7, nHidden }), /expected nVisible\*nHidden = 7\*5/);
  assert.throws(() => showHiddenUnits(W, { nVisible, nHidden, units: [5] }), /unit 5 is out of range 0..4/);
});

test('showImages: one SVG per row, one grey square per non-white pixel at its place; bad shapes refused', async () => {
  const X = matrix(2, 6, Float32Array.from([1, 0, 0.5, 0, 0, 1, /* second image */ 0, 0, 0, 0, 0, 0.25]));
  const [out] = await captureDisplays(() => showImages(X, { rows: 2, cols: 3, scale: 5, labels: ['a', 'b'], title: 'two' }));
  const svgs = html(out).match(/<svg[^>]*>.*?<\/svg>/g) ?? [];
  assert.equal(svgs.length, 2);
  assert.match(svgs[0], /width="15" height="10"/);
  const rects = (svg: string) => [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="5" height="5" fill="rgb\((\d+),(\d+),(\d+)\)"\/>/g)]
    .map((m) => { assert.ok(m[3] === m[4] && m[4] === m[5], 'grey: r = g = b'); return [Number(m[1]) / 5, Number(m[2]) / 5, Number(m[3])]; });
  // Pixel i of a 2 × 3 image sits at column i % 3, row ⌊i / 3⌋; grey level 255·(1 − value).
  assert.deepEqual(rects(svgs[0]), [[0, 0, 0], [2, 0, 128], [2, 1, 0]]);
  assert.deepEqual(rects(svgs[1]), [[2, 1, 191]]);
  assert.match(html(out), />a<\/div>.*>b<\/div>/s);
  assert.equal(out.data['text/plain'], '<2 images>');
  const [square] = await captureDisplays(() => showImages(matrix(1, 16, new Float32Array(16).fill(1))));
  assert.match(html(square), /<svg[^>]*width="40" height="40"/, 'default: √16 = 4 × 4 at 10 px');
  const refused = (f: () => void, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof ParameterError && re.test(e.message));
  refused(() => showImages(X, { rows: 4 }), /patterns has 6 columns, which is not rows × cols = 4 × 1\.5/);
  refused(() => showImages(X, { rows: 2, cols: 3, scale: 0 }), /scale must be a positive number of CSS pixels, got 0/);
  refused(() => showImages(X, { rows: 2, labels: ['a'] }), /labels has 1 entries, expected one per image \(2\)/);
  refused(() => showImages(matrix(1, 4, Float32Array.from([0, NaN, 0, 0]))), /patterns contains a non-finite value \(NaN\) at row 0, column 1/);
});

test('showReconstruction: both panels share one colour range by default (sharedScale), each its own with false', async () => {
  // Original at 0 dB everywhere, reconstruction 20 dB quieter: on one scale they must get different colours
  // (the colormap's last and first), on separate scales both collapse to the same colour.
  const S = matrix(10, 33, new Float32Array(10 * 33).fill(1));
  const R = matrix(10, 33, new Float32Array(10 * 33).fill(0.1));
  const lut = colormapLut('magma');
  const pngs = (h: string) => [...h.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)].map((m) => readPng(Buffer.from(m[1], 'base64')));
  const bars = (h: string) => [...h.matchAll(/>(-?[0-9.e+-]+) dB</g)].map((m) => Number(m[1]));
  const pixelSet = (rgb: Uint8Array) => new Set(Array.from({ length: rgb.length / 3 }, (_, i) => rgb.subarray(i * 3, i * 3 + 3).join(',')));
  const [shared] = await captureDisplays(() => showReconstruction(S, R, { sampleRate: 8000, hopLength: 32 }));
  const [a, b] = pngs(html(shared));
  assert.deepEqual([...pixelSet(a.rgb)], [[...lut.subarray(255 * 3, 256 * 3)].join(',')], 'original: top colour');
  assert.deepEqual([...pixelSet(b.rgb)], [[...lut.subarray(0, 3)].join(',')], 'reconstruction: bottom colour');
  assert.deepEqual(bars(html(shared)), [0, -20, 0, -20], 'both colour bars span 0 … −20 dB');
  const [own] = await captureDisplays(() => showReconstruction(S, R, { sampleRate: 8000, hopLength: 32, sharedScale: false }));
  const [c, d] = pngs(html(own));
  assert.deepEqual(pixelSet(c.rgb), pixelSet(d.rgb), 'separate scales hide the 20 dB difference');
  assert.deepEqual(bars(html(own)).slice(0, 2), [0, 0]);
  const [fixed] = await captureDisplays(() => showReconstruction(S, R, { sampleRate: 8000, hopLength: 32, vmin: -40 }));
  assert.deepEqual(bars(html(fixed)), [0, -40, 0, -40], 'an explicit vmin wins over the shared one');
  assert.deepEqual(spectrogramRange([S, R], { db: false }), { vmin: Math.fround(0.1), vmax: 1 }); // float32 data
  assert.throws(() => showReconstruction(S, R, { vmin: 0, vmax: -1 }), (e: unknown) => e instanceof ParameterError && /vmin must be below vmax, got vmin=0, vmax=-1/.test(e.message));
});

test('showReconstruction: two spectrograms and two players side by side; mismatched shapes are refused', async () => {
  const S = matrix(20, 65, new Float32Array(20 * 65).fill(0.5));
  const y = new Float32Array(400).fill(0.1);
  const [out] = await captureDisplays(() => showReconstruction(S, S, { sampleRate: 8000, hopLength: 32, originalAudio: y, reconstructionAudio: y }));
  assert.equal((html(out).match(/data:image\/png/g) ?? []).length, 2);
  assert.equal((html(out).match(/<audio /g) ?? []).length, 2);
  assert.throws(() => showReconstruction(S, matrix(20, 64)), /original has 65 columns but reconstruction has 64/);
  const [three] = await captureDisplays(() => showSpectrograms([{ S, title: 'a' }, { S, title: 'b', audio: y }, { S, title: 'c' }], { sampleRate: 8000 }));
  assert.equal((html(three).match(/data:image\/png/g) ?? []).length, 3);
  assert.equal((html(three).match(/<audio /g) ?? []).length, 1);
  assert.equal(three.data['text/plain'], '<a | b | c>');
});

test('trainingMonitor: one display updated in place with the latest metrics and a curve per metric', async () => {
  const outs = await captureDisplays(() => {
    const monitor = trainingMonitor({ epochs: 3 });
    for (let epoch = 0; epoch < 3; epoch++) monitor.onEpoch({ epoch, reconstructionError: 1 / (epoch + 1), hiddenSparsity: 0.1, seconds: 0.5 });
    monitor.done();
    assert.equal(monitor.history.length, 3);
  });
  assert.equal(outs.length, 4);
  assert.ok(outs.every((o) => o.displayId === outs[0].displayId), 'same display id');
  assert.deepEqual(outs.map((o) => o.update), [false, true, true, true]);
  const last = outs[3];
  assert.match(last.data['text/plain'] as string, /3\/3 done · 1\.5 s/);
  assert.match(last.data['text/plain'] as string, /reconstruction error \(training\) = 0\.3333/);
  assert.equal((html(last).match(/<polyline/g) ?? []).length, 2, 'reconstructionError and hiddenSparsity curves');
  // Human labels and an epoch axis (1 … 3) under each curve.
  assert.match(html(last), /mean hidden activation/);
  assert.doesNotMatch(html(last), />hiddenSparsity</);
  assert.equal((html(last).match(/>epoch<\/text>/g) ?? []).length, 2);
  assert.match(html(last), />1<\/text>.*>3<\/text>/s);
});

test('trainingMonitor().onEpoch type-checks as the onEpoch of RBM and CRBM training options', () => {
  // Compile-time check (npm run typecheck covers test/): the monitor plugs straight into fit().
  const onEpoch: NonNullable<TrainOptions['onEpoch']> = trainingMonitor().onEpoch;
  const onCrbmEpoch: NonNullable<CRBMTrainOptions['onEpoch']> = trainingMonitor().onEpoch;
  assert.equal(typeof onEpoch, 'function');
  assert.equal(typeof onCrbmEpoch, 'function');
  takeRecordedOutputs();
});

test('progressBar: draws once, then updates in place', async () => {
  const outs = await captureDisplays(() => { const bar = progressBar(4, 'render'); bar.update(); bar.update(3); bar.done(); });
  assert.deepEqual(outs.map((o) => o.data['text/plain']), [
    'render [....................] 0/4', 'render [#####...............] 1/4', 'render [###############.....] 3/4', 'render [####################] 4/4 done',
  ]);
  assert.throws(() => progressBar(-1), ParameterError);
});

test('showTable, showMarkdown and checkAnswer produce the expected bundles', async () => {
  const outs = await captureDisplays(() => {
    showTable([{ name: 'a', value: 1.23456789 }, { name: 'b', value: 2 }]);
    showMarkdown('# Title');
    checkAnswer('ex', 40000, 40000);
    checkAnswer('ex', 3, 4, { hint: 'think' });
    checkAnswer('ex', undefined, 4);
  });
  assert.match(html(outs[0]), /<td[^>]*>1\.235<\/td>/);
  assert.equal(outs[0].data['text/plain'], 'name  value\na     1.235\nb     2    ');
  assert.equal(outs[1].data['text/markdown'], '# Title');
  assert.deepEqual(outs.slice(2).map((o) => (o.data['text/plain'] as string).slice(0, 6)), ['✓ ex: ', '✗ ex: ', '✎ ex: ']);
  assert.match(outs[3].data['text/plain'] as string, /Hint: think/);
});

test('outside a kernel outputs are recorded; under tslab they go to its writer with the display id', async () => {
  takeRecordedOutputs();
  displayBundle({ 'text/plain': 'recorded' });
  assert.deepEqual(takeRecordedOutputs().map((r) => r.data['text/plain']), ['recorded']);

  const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: unknown };
  const sent: unknown[] = [];
  (globalThis as { __tslab__?: unknown }).__tslab__ = {};
  jupyter.lastWriteDisplayData = (msg: unknown, update: boolean) => sent.push({ msg, update });
  try {
    const bar = progressBar(2, 'x');
    bar.done();
  } finally {
    delete (globalThis as { __tslab__?: unknown }).__tslab__;
    jupyter.lastWriteDisplayData = null;
  }
  assert.equal(sent.length, 2);
  const [a, b] = sent as { msg: { transient: { display_id: string }; data: Record<string, string> }; update: boolean }[];
  assert.equal(a.update, false);
  assert.equal(b.update, true);
  assert.equal(a.msg.transient.display_id, b.msg.transient.display_id);
  assert.match(b.msg.data['text/html'], /rbm-progress/);
  assert.deepEqual(takeRecordedOutputs(), []);
});
