// Renders flowspec's SVG diagrams and HTML reports in headless Chromium and
// checks what a reader would see:
//
// - the page loads with no console error, page error or network request;
// - an SVG has the expected numbers of nodes (`g.fs-node`) and hops
//   (`g.fs-edge`), with one label per hop;
// - with the browser's real fonts, every node's text fits inside its box,
//   and no label text overlaps a node or another label;
// - a report has its sections, one article per flow, and its inline diagram;
// - a PNG screenshot of each goes to the output folder (and, for each
//   report, a print-media screenshot and the PDF Chromium prints);
// - printed (print media, at an A4 page's width), a report is no wider than
//   the page, hides the contents and the zoom links, prints links as text,
//   keeps each flow, table row and the diagram on one page (the computed
//   `break-inside`), starts the diagram and the flows on a new page, and has
//   no dark background.
//
// Usage:
//   node render.mjs --out DIR \
//     --svg FILE [--nodes N] [--edges N] ... \
//     --report FILE [--flows N] [--nodes N] [--edges N] ...
//
// Chromium: /usr/bin/chromium, or the path in $CHROMIUM.

import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const items = [];
  let out = 'artifacts';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    i++;
    switch (arg) {
      case '--out': out = value; break;
      case '--svg': items.push({ kind: 'svg', file: value }); break;
      case '--report': items.push({ kind: 'report', file: value }); break;
      case '--nodes': case '--edges': case '--flows': {
        const item = items[items.length - 1];
        if (!item) throw new Error(`${arg} must follow --svg or --report`);
        item[arg.slice(2)] = Number(value);
        break;
      }
      default: throw new Error(`unknown argument ${arg}`);
    }
  }
  if (items.length === 0) throw new Error('nothing to render: give --svg or --report');
  return { out, items };
}

const { out, items } = parseArgs(process.argv.slice(2));
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

const failures = [];
function check(condition, message) {
  if (!condition) failures.push(message);
}

// Runs in the page: geometry of the diagram inside `root` (an <svg>).
function inspect(root) {
  const box = (el) => {
    const b = el.getBoundingClientRect();
    return { x: b.left, y: b.top, w: b.width, h: b.height };
  };
  const overlap = (a, b, slack) =>
    a.x + slack < b.x + b.w && b.x + slack < a.x + a.w &&
    a.y + slack < b.y + b.h && b.y + slack < a.y + a.h;
  const inside = (inner, outer, slack) =>
    inner.x >= outer.x - slack && inner.y >= outer.y - slack &&
    inner.x + inner.w <= outer.x + outer.w + slack && inner.y + inner.h <= outer.y + outer.h + slack;
  const problems = [];
  const nodes = [...root.querySelectorAll('g.fs-node')];
  const edges = [...root.querySelectorAll('g.fs-edge')];
  const labels = [...root.querySelectorAll('g.fs-edge-label')];
  const shapes = nodes.map((n) => ({ name: n.dataset.name, box: box(n.querySelector('.fs-node-shape')) }));
  for (const n of nodes) {
    const shape = box(n.querySelector('.fs-node-shape'));
    for (const t of n.querySelectorAll('text')) {
      if (!inside(box(t), shape, 1)) {
        problems.push(`node ${n.dataset.name}: text "${t.textContent}" spills out of its box`);
      }
    }
  }
  const labelBoxes = labels.map((l) => ({ edge: l.dataset.edge, texts: [...l.querySelectorAll('text')].map(box) }));
  for (const l of labelBoxes) {
    for (const t of l.texts) {
      for (const s of shapes) {
        if (overlap(t, s.box, 0.5)) problems.push(`label of edge ${l.edge} overlaps node ${s.name}`);
      }
    }
  }
  for (let i = 0; i < labelBoxes.length; i++) {
    for (let j = i + 1; j < labelBoxes.length; j++) {
      for (const a of labelBoxes[i].texts) {
        for (const b of labelBoxes[j].texts) {
          if (overlap(a, b, 0.5)) problems.push(`labels of edges ${labelBoxes[i].edge} and ${labelBoxes[j].edge} overlap`);
        }
      }
    }
  }
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      if (overlap(shapes[i].box, shapes[j].box, 0)) problems.push(`nodes ${shapes[i].name} and ${shapes[j].name} overlap`);
    }
  }
  return { nodes: nodes.length, edges: edges.length, labels: labels.length, problems: [...new Set(problems)] };
}

const PRINT_WIDTH = Math.floor(((210 - 2 * 14) / 25.4) * 96);

// Runs in the page under print media, `width` px wide: what would spoil
// the printed report.
function inspectPrint(width) {
  const problems = [];
  const style = (el) => getComputedStyle(el);
  const visible = (el) => {
    const b = el.getBoundingClientRect();
    return b.width > 0 && b.height > 0 && style(el).visibility !== 'hidden';
  };
  const describe = (el) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}>`;
  const luminance = (colour) => {
    const m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(colour);
    if (!m || m[4] === '0') return null; // transparent
    return (0.2126 * m[1] + 0.7152 * m[2] + 0.0722 * m[3]) / 255;
  };

  // Nothing wider than the page: no element reaches past its right edge,
  // and nothing scrolls sideways.
  const root = document.documentElement;
  if (root.scrollWidth > width + 1) problems.push(`the page is ${root.scrollWidth}px wide, the printed page ${width}px`);
  const wide = new Set();
  for (const el of document.querySelectorAll('body *')) {
    if (!visible(el)) continue;
    const b = el.getBoundingClientRect();
    if (b.right > width + 1 || b.left < -1) wide.add(describe(el));
  }
  for (const w of wide) problems.push(`${w} reaches past the printed page`);

  // Screen-only things are hidden: the contents (links to sections), the
  // diagram's zoom links.
  for (const sel of ['nav.contents', 'figure.diagram figcaption', '.zoom-in', '.zoom-out']) {
    const el = document.querySelector(sel);
    if (!el) problems.push(`no ${sel}`);
    else if (visible(el)) problems.push(`${sel} is printed`);
  }
  // Links read as text.
  for (const a of document.querySelectorAll('main a')) {
    if (visible(a) && style(a).color !== style(a.parentElement).color) {
      problems.push(`${describe(a)} "${a.textContent}" is printed in link colour`);
      break;
    }
  }

  // What the style sheet keeps together is kept together.
  const expect = (sel, property, value) => {
    const els = [...document.querySelectorAll(sel)];
    if (els.length === 0) problems.push(`no ${sel}`);
    const bad = els.filter((el) => style(el)[property] !== value);
    if (bad.length) problems.push(`${bad.length} of ${els.length} ${sel}: ${property} is ${style(bad[0])[property]}, not ${value}`);
  };
  expect('article.flow', 'breakInside', 'avoid');
  expect('article.flow tr', 'breakInside', 'avoid');
  expect('figure.diagram', 'breakInside', 'avoid');
  expect('main h2', 'breakAfter', 'avoid');
  expect('section#diagram, section#flows', 'breakBefore', 'page');

  // No dark backgrounds (ink and toner), and the page itself is white.
  if (style(document.body).backgroundColor !== 'rgb(255, 255, 255)') problems.push(`the body's background is ${style(document.body).backgroundColor}`);
  const dark = new Set();
  for (const el of document.querySelectorAll('body, body *')) {
    if (el.closest('svg')) continue;
    const l = luminance(style(el).backgroundColor);
    if (l !== null && l < 0.8 && visible(el)) dark.add(`${describe(el)} (${style(el).backgroundColor})`);
  }
  for (const d of dark) problems.push(`dark background on ${d}`);
  return problems;
}

async function open(file, viewport) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  const url = pathToFileURL(resolve(file)).href;
  page.on('request', (r) => { if (r.url() !== url) errors.push(`request: ${r.url()}`); });
  await page.goto(url);
  return { page, errors };
}

function expectCounts(name, item, found) {
  if (item.nodes !== undefined) check(found.nodes === item.nodes, `${name}: ${found.nodes} nodes, expected ${item.nodes}`);
  if (item.edges !== undefined) check(found.edges === item.edges, `${name}: ${found.edges} edges, expected ${item.edges}`);
  check(found.labels === found.edges, `${name}: ${found.labels} labels for ${found.edges} edges`);
  for (const p of found.problems) failures.push(`${name}: ${p}`);
}

for (const item of items) {
  const name = basename(item.file);
  if (item.kind === 'svg') {
    const text = readFileSync(item.file, 'utf8');
    const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(text);
    check(size, `${name}: no width and height on the <svg>`);
    const viewport = { width: Math.ceil(+(size?.[1] ?? 800)), height: Math.ceil(+(size?.[2] ?? 600)) };
    const { page, errors } = await open(item.file, viewport);
    const found = await page.evaluate(inspect, await page.$('svg').then((h) => h));
    expectCounts(name, item, found);
    for (const e of errors) failures.push(`${name}: ${e}`);
    await page.screenshot({ path: `${out}/${name}.png` });
    console.log(`${name}: ${found.nodes} nodes, ${found.edges} edges -> ${out}/${name}.png`);
    await page.close();
  } else {
    const { page, errors } = await open(item.file, { width: 1200, height: 900 });
    for (const id of ['introduction', 'diagram', 'flows', 'open-questions', 'manual-steps', 'tools']) {
      check(await page.$(`section#${id} > h2`), `${name}: no section #${id}`);
    }
    const flows = await page.$$eval('article.flow', (a) => a.length);
    if (item.flows !== undefined) check(flows === item.flows, `${name}: ${flows} flows, expected ${item.flows}`);
    const questionRows = await page.$$eval('article.flow table.questions tbody tr', (r) => r.length);
    check(questionRows === flows * 6, `${name}: ${questionRows} question rows for ${flows} flows`);
    const svg = await page.$('section#diagram svg.flowspec-graph');
    check(svg, `${name}: no diagram`);
    if (svg) expectCounts(`${name} diagram`, item, await page.evaluate(inspect, svg));
    for (const e of errors) failures.push(`${name}: ${e}`);
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    // Laid out at the width Chromium prints an A4 page at (210 mm less the
    // @page margins of 14 mm each side, at 96 px to the inch).
    await page.setViewportSize({ width: PRINT_WIDTH, height: 1000 });
    for (const p of await page.evaluate(inspectPrint, PRINT_WIDTH)) failures.push(`${name} (print): ${p}`);
    await page.screenshot({ path: `${out}/${name}.print.png`, fullPage: true });
    await page.pdf({ path: `${out}/${name}.pdf`, format: 'A4', printBackground: true });
    console.log(`${name}: ${flows} flows -> ${out}/${name}.png, .print.png, .pdf`);
    await page.close();
  }
}

await browser.close();
if (failures.length > 0) {
  console.error(`\n${failures.length} problem(s):`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log('\nall rendered cleanly');
