/**
 * The stylesheet of the static site, inlined into every page so pages work offline from file://.
 * highlight.js's GitHub theme is read from node_modules and appended.
 */
import { readFileSync } from 'fs';
import { createRequire } from 'module';
import path from 'path';

const BASE_CSS = `
:root { --fg:#1f2328; --muted:#59636e; --line:#d1d9e0; --code:#f6f8fa; --accent:#0969da; }
* { box-sizing: border-box; }
body { margin:0; color:var(--fg); background:#fff; font:16px/1.6 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif; }
header.site { border-bottom:1px solid var(--line); background:#fafbfc; }
header.site .bar { max-width:980px; margin:0 auto; padding:10px 24px; display:flex; gap:16px; align-items:center; font-size:14px; }
header.site a { color:var(--accent); text-decoration:none; }
header.site .brand { font-weight:700; color:var(--fg); white-space:nowrap; }
header.site .nav { display:flex; gap:14px; min-width:0; } header.site .nav a { white-space:nowrap; overflow:hidden; text-overflow:ellipsis; max-width:360px; }
header.site .spacer { flex:1; }
main { max-width:980px; margin:0 auto; padding:16px 24px 64px; }
.meta { color:var(--muted); font-size:13px; margin-bottom:12px; }
.md h1 { font-size:2em; border-bottom:1px solid var(--line); padding-bottom:.3em; margin:.6em 0 .4em; }
.md h2 { font-size:1.45em; border-bottom:1px solid var(--line); padding-bottom:.2em; margin:1.4em 0 .5em; }
.md h3 { font-size:1.15em; margin:1.2em 0 .4em; }
.md code { background:var(--code); padding:.15em .35em; border-radius:4px; font-size:85%; }
.md pre code { padding:0; background:none; }
.md blockquote { margin:0; padding:0 1em; color:var(--muted); border-left:.25em solid var(--line); }
.md .math-display { overflow-x:auto; overflow-y:hidden; margin:.6em 0; }
.md table { border-collapse:collapse; } .md td, .md th { border:1px solid var(--line); padding:4px 10px; }
.cell { margin:10px 0; }
.code { display:flex; gap:8px; }
.prompt { flex:0 0 52px; color:var(--muted); font:12px ui-monospace,SFMono-Regular,Menlo,monospace; text-align:right; padding-top:10px; }
.code pre { flex:1; margin:0; background:var(--code); border:1px solid var(--line); border-radius:6px; padding:8px 12px; overflow-x:auto; font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; }
.outputs { margin-left:60px; overflow-x:auto; }
.outputs pre { margin:4px 0; font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace; white-space:pre-wrap; }
.outputs pre.stderr { background:#fff5f5; color:#a40e26; padding:6px 8px; border-radius:4px; }
.outputs pre.error { background:#ffebe9; color:#a40e26; padding:8px; border:1px solid #ff818266; border-radius:4px; }
.code pre code.hljs { padding:0; background:transparent; overflow:visible; }
.outputs svg, .outputs img { max-width:100%; height:auto; }
.index-list { list-style:none; padding:0; } .index-list li { border:1px solid var(--line); border-radius:8px; padding:12px 16px; margin:10px 0; }
.index-list .meta { margin:0; } .index-list .summary { margin:4px 0; color:#333; font-size:15px; }
.index-list a { font-weight:600; font-size:1.1em; color:var(--accent); text-decoration:none; }
.badge { display:inline-block; font-size:12px; padding:0 8px; border-radius:10px; margin-left:8px; }
.badge.ok { background:#dafbe1; color:#116329; } .badge.failed { background:#ffebe9; color:#a40e26; } .badge.notrun { background:#eee; color:#555; }
`;

let css: string | null = null;

/** The full CSS of a page (base styles + highlight.js GitHub theme). */
export function siteCss(): string {
  if (css === null) {
    let theme = '';
    try {
      // Plain Node resolution: the runner's scoped tsx loader does not resolve non-code files.
      const pkg = createRequire(__filename).resolve('highlight.js/package.json');
      theme = readFileSync(path.join(path.dirname(pkg), 'styles', 'github.css'), 'utf8');
    } catch {
      theme = ''; // highlighting colours are a nicety; pages stay readable without them
    }
    css = BASE_CSS + theme;
  }
  return css;
}
