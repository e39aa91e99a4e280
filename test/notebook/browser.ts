// Headless Chromium check of a generated page: a copy of the page gets a small script that asks the browser
// to decode every audio player (duration from loadedmetadata) and every embedded PNG (naturalWidth), and
// to lay out every SVG and to typeset every formula (KaTeX stylesheet and fonts loaded); `--dump-dom` then returns the DOM with the results.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Chromium binary: $CHROMIUM_PATH or Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(`Chromium not found at ${p}: the site test needs it (CI: apt-get install chromium, as .ci/run does; or set CHROMIUM_PATH)`);
  }
  return p;
}

/** What the browser measured on one page. */
export interface PageCheck {
  /** Duration in seconds of each <audio> (−1 = the browser could not decode it). */
  durations: number[];
  /** naturalWidth of each embedded image (SVG <image> and <img>); −1 = not decodable. */
  imageWidths: number[];
  /** Rendered width of each output SVG. */
  svgWidths: number[];
  /** Typeset formulas: KaTeX elements whose MathML copy is hidden by KaTeX's stylesheet and that have a size. */
  math: { count: number; styled: number; laidOut: number; fontsLoaded: number };
}

const PROBE = `<script>
(async () => {
  const load = (make) => new Promise((res) => make(res));
  const durations = await Promise.all([...document.querySelectorAll('audio')].map((a) => load((res) => {
    const x = new Audio(); x.preload = 'metadata'; x.onloadedmetadata = () => res(x.duration); x.onerror = () => res(-1); x.src = a.getAttribute('src');
  })));
  const srcs = [...document.querySelectorAll('svg image')].map((i) => i.getAttribute('href')).concat([...document.querySelectorAll('img')].map((i) => i.getAttribute('src')));
  const imageWidths = await Promise.all(srcs.map((s) => load((res) => { const im = new Image(); im.onload = () => res(im.naturalWidth); im.onerror = () => res(-1); im.src = s; })));
  const svgWidths = [...document.querySelectorAll('.outputs svg')].map((s) => Math.round(s.getBoundingClientRect().width));
  await document.fonts.ready;
  const katex = [...document.querySelectorAll('.katex')];
  const math = {
    count: katex.length,
    styled: katex.filter((k) => { const m = k.querySelector('.katex-mathml'); return m && getComputedStyle(m).position === 'absolute'; }).length,
    laidOut: katex.filter((k) => { const r = k.getBoundingClientRect(); return r.width > 0 && r.height > 0; }).length,
    fontsLoaded: [...document.fonts].filter((f) => f.family.replace(/"/g, '').startsWith('KaTeX') && f.status === 'loaded').length,
  };
  const pre = document.createElement('pre'); pre.id = 'rbm-check'; pre.textContent = JSON.stringify({ durations, imageWidths, svgWidths, math });
  document.body.appendChild(pre);
})();
</script>`;

/** Opens `htmlFile` in headless Chromium and returns what it measured. */
export function checkPageInChromium(htmlFile: string): PageCheck {
  const dir = mkdtempSync(path.join(tmpdir(), 'rbm-chromium-'));
  try {
    const probe = path.join(dir, 'page.html');
    // <base> keeps the page's relative links (katex/katex.min.css and its fonts) pointing beside the original.
    const base = `<base href="file://${path.dirname(path.resolve(htmlFile))}/">`;
    writeFileSync(probe, readFileSync(htmlFile, 'utf8').replace('<head>', `<head>${base}`).replace('</body>', `${PROBE}</body>`));
    const r = spawnSync(chromiumPath(), [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', `--user-data-dir=${path.join(dir, 'profile')}`, '--virtual-time-budget=20000',
      '--dump-dom', `file://${probe}`,
    ], { encoding: 'utf8', timeout: 120_000, maxBuffer: 512 * 1024 * 1024 });
    const m = /<pre id="rbm-check">(.*?)<\/pre>/s.exec(r.stdout ?? '');
    if (!m) throw new Error(`Chromium did not run the page probe (exit ${r.status}): ${(r.stderr ?? '').slice(-500)}`);
    return JSON.parse(m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as PageCheck;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
