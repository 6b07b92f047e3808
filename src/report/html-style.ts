import { PREVIEW_SIZE } from '../core/preview';

/** A preview's box: its longest side. */
const px = `${PREVIEW_SIZE}px`;

/**
 * The HTML report's stylesheet, inline (the page loads nothing). Readable without colour: status is
 * always a word, bars carry their count as text; focus is always visible; no web fonts.
 */
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --muted: #5c5c5c; --line: #c8c8c8; --bar: #3a6ea5; --bad: #a61b1b; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8e8; --bg: #161616; --muted: #a8a8a8; --line: #444; --bar: #6b9bd1; --bad: #ff8a80; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 1rem; font: 15px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
a { color: inherit; }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--bar); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; list-style: none; }
.interrupted { border: 3px solid var(--bad); padding: .5rem 1rem; font-weight: bold; }
dl.counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .5rem; }
dl.counts div { border: 1px solid var(--line); padding: .5rem; }
dl.counts dt { color: var(--muted); font-size: .85em; }
dl.counts dd { margin: 0; font-size: 1.3em; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { display: inline-block; height: .9em; background: var(--bar); vertical-align: middle; margin-right: .4rem; }
.name { overflow-wrap: anywhere; }
.sheet { display: grid; grid-template-columns: repeat(auto-fill, minmax(21rem, 1fr)); gap: 1rem; padding: 0; list-style: none; }
.card { border: 1px solid var(--line); padding: .5rem; }
.card p { margin: 0 0 .4rem; }
.pair { display: flex; gap: .5rem; }
.pair figure { margin: 0; width: ${px}; }
.pair figcaption { font-size: .8em; color: var(--muted); }
.frame { display: flex; align-items: center; justify-content: center; width: ${px}; height: ${px}; border: 1px dashed var(--line); font-size: .85em; padding: .3rem; overflow-wrap: anywhere; }
.frame img { width: ${px}; height: ${px}; object-fit: contain; }
.status { font-weight: 600; }
.status-failed { color: var(--bad); }
.muted { color: var(--muted); }
`;
