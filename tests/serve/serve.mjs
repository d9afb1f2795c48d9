// flowspec serve's page in headless Chromium, as a reader uses it:
//
// - the page loads the design (the diagram's boxes and arrows, the title,
//   the problem count of `check`), connects to the event stream, with no
//   console error, page error or request elsewhere;
// - pan (drag) and zoom (the wheel, the buttons) move the view;
// - a click on a box opens its card, a click on an arrow's label the flow's
//   card with its six answers, and highlights them;
// - a file changed on disk (a flow added, a flow removed, an error written)
//   reaches the page: the new boxes appear, the problems update, and the
//   view (pan, zoom) and the open card stay; the time from the write to the
//   page showing it is printed;
// - the Problems tab lists check's diagnostics, and a location opens the
//   file at its line; the Report tab shows the report, reloaded on a
//   change at the same scroll position;
// - the design's folder removed: the last design stays, under a banner.
//
// Screenshots go to --out (and, with --docs DIR, the README's pictures).
//
// Usage: node serve.mjs --flowspec PATH --example DIR [--out DIR] [--docs DIR]
// Chromium: /usr/bin/chromium, or the path in $CHROMIUM.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

function parseArgs(argv) {
  const args = { out: 'artifacts', docs: null, flowspec: null, example: null };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args) || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    args[key] = argv[i + 1];
  }
  if (!args.flowspec || !args.example) throw new Error('give --flowspec PATH and --example DIR');
  return args;
}

const args = parseArgs(process.argv.slice(2));
mkdirSync(args.out, { recursive: true });
if (args.docs) mkdirSync(args.docs, { recursive: true });

const failures = [];
function check(condition, message) {
  if (!condition) failures.push(message);
  return condition;
}

// The design in a temporary folder the test may change.
const work = mkdtempSync(join(tmpdir(), 'flowspec-serve-'));
const design = join(work, 'design');
cpSync(resolve(args.example), design, { recursive: true });
const reporting = join(design, 'reporting.flow');

// The server, and the address it prints.
const server = spawn(resolve(args.flowspec), ['serve', 'design'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
let serverErrors = '';
server.stderr.on('data', (d) => { serverErrors += d; });
const url = await new Promise((resolveUrl, reject) => {
  const lines = createInterface({ input: server.stdout });
  lines.on('line', (line) => {
    const m = line.match(/^Serving the design at (http:\/\/\S+)$/);
    if (m) resolveUrl(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`flowspec serve exited (${code}): ${serverErrors}`)));
  setTimeout(() => reject(new Error('no address printed in 20 s')), 20000);
});
const origin = new URL(url).origin;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

const errors = [];
let page;
try {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(origin + '/')) errors.push(`request: ${r.url()}`); });
  page.setDefaultTimeout(10000);

  await page.goto(url);
  await page.waitForSelector('body[data-version="1"]');
  await page.waitForSelector('#live[data-state="live"]');
  const first = await page.evaluate(async () => (await fetch('/api/design')).json());
  check(await page.locator('#canvas svg g.fs-node').count() === first.design.nodes.length, 'one box per node');
  check(await page.locator('#canvas svg g.fs-edge').count() === first.design.edges.length, 'one arrow per hop');
  check((await page.textContent('#title')) === first.design.title, 'the design\'s title');
  check((await page.textContent('#problem-count')) === String(first.design.diagnostics.length), 'the problem count is check\'s');

  // ---- pan and zoom ----
  const view = () => page.getAttribute('#canvas', 'data-view').then((v) => v.split(',').map(Number));
  const box = await page.locator('#viewport').boundingBox();
  const fitted = await view();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForFunction((k) => Number(document.getElementById('canvas').dataset.view.split(',')[2]) > k, fitted[2]);
  const zoomed = await view();
  check(zoomed[2] > fitted[2] * 1.2, `the wheel zooms in: ${fitted} → ${zoomed}`);
  await page.click('#zoom-out');
  const out = await view();
  check(Math.abs(out[2] - zoomed[2] * 0.8) < 1e-3, `the − button zooms out: ${zoomed} → ${out}`);
  // Drag from an empty corner of the viewport.
  const sx = box.x + 20;
  const sy = box.y + box.height - 120;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 90, sy + 40, { steps: 6 });
  await page.mouse.up();
  const panned = await view();
  check(Math.abs(panned[0] - out[0] - 90) < 1 && Math.abs(panned[1] - out[1] - 40) < 1, `a drag pans: ${out} → ${panned}`);
  check(await page.locator('#card .hint').count() === 1, 'a drag opens no card');

  // ---- cards ----
  const commcare = first.design.nodes.findIndex((n) => n.id === 'commcare');
  await page.click(`#fs-node-${commcare}`);
  check((await page.textContent('#card h2')) === first.design.nodes[commcare].label, 'a box\'s card');
  check((await page.textContent('#card')).includes('Flows through it (2)'), 'the flows through it');
  check(await page.locator(`#fs-node-${commcare}.fs-selected`).count() === 1, 'the box is highlighted');

  const flowIndex = first.design.flows.findIndex((f) => f.name === 'monthly_indicators');
  const flow = first.design.flows[flowIndex];
  await page.click(`.fs-edge-label[data-edge="${flow.edges[0]}"] .fs-label-name`);
  check((await page.textContent('#card h2')) === 'monthly_indicators', 'an arrow opens its flow\'s card');
  check(await page.locator('#card table.answers tr').count() === 6, 'the six answers');
  check((await page.textContent('#card table.answers tr[data-key="frequency"]')).includes('once a month'), 'an answer\'s meaning');
  check(await page.locator('#canvas .fs-edge.fs-selected').count() === flow.edges.length, 'the flow\'s arrows are highlighted');
  await page.screenshot({ path: join(args.out, 'serve-diagram.png') });
  if (args.docs) await page.screenshot({ path: join(args.docs, 'serve-diagram.png') });

  // ---- a change on disk ----
  const before = await view();
  let wrote = Date.now();
  appendFileSync(reporting, '\n## Referrals reach the clinic.\nflow referrals: commcare -> openmrs {\n  data: "referrals"\n  transform: none\n  timing: realtime\n  frequency: on-demand\n  volume: ~40 records/day\n}\n');
  await page.waitForSelector('body[data-version="2"]', { timeout: 5000 });
  const latency = [Date.now() - wrote];
  check(await page.locator('#canvas svg g.fs-node').count() === first.design.nodes.length + 1, 'the new box appears');
  check(await page.locator('#canvas svg g.fs-node[data-name="openmrs"]').count() === 1, 'openmrs is drawn');
  check(JSON.stringify(await view()) === JSON.stringify(before), `the view is kept: ${before} → ${await view()}`);
  check((await page.textContent('#card h2')) === 'monthly_indicators', 'the card stays open');
  check(await page.locator('#canvas .fs-edge.fs-selected').count() === flow.edges.length, 'the highlight stays');

  // An error written: the problems update.
  wrote = Date.now();
  writeFileSync(join(design, 'draft.flow'), 'flow draft: commcare -> nowhere_tool { frequency: weekly }\n');
  await page.waitForSelector('body[data-version="3"]', { timeout: 5000 });
  latency.push(Date.now() - wrote);
  const third = await page.evaluate(async () => (await fetch('/api/design')).json());
  check((await page.textContent('#problem-count')) === String(third.design.diagnostics.length), 'the new problem count');
  check(third.design.diagnostics.length > first.design.diagnostics.length, 'more problems');
  check(await page.locator('#problem-count.has-errors').count() === 1, 'the count shows an error');

  await page.click('#tab-problems');
  const unknown = page.locator('#problems li[data-code="unknown-reference"]');
  check(await unknown.count() === 1, 'the unknown step is listed');
  check((await unknown.textContent()).includes('nowhere_tool'), 'with its message');
  await unknown.locator('button.link').click();
  await page.waitForSelector('#source[open] .line.here');
  check((await page.textContent('#source .line.here')).includes('nowhere_tool'), 'the file opens at the line');
  await page.screenshot({ path: join(args.out, 'serve-source.png') });
  await page.click('#source-close');
  await page.screenshot({ path: join(args.out, 'serve-problems.png') });
  if (args.docs) await page.screenshot({ path: join(args.docs, 'serve-problems.png') });

  // ---- the report, reloaded at its scroll position ----
  await page.click('#tab-report');
  await page.waitForSelector('#report[data-version="3"]');
  const report = page.frameLocator('#report');
  check(await report.locator('article.flow').count() === third.design.flows.length, 'the report has every flow');
  const frame = page.frame({ url: /\/report/ });
  await frame.evaluate(() => window.scrollTo(0, 600));
  const scrolled = await frame.evaluate(() => window.scrollY);
  wrote = Date.now();
  rmSync(join(design, 'draft.flow'));
  await page.waitForSelector('#report[data-version="4"]', { timeout: 5000 });
  latency.push(Date.now() - wrote);
  const reloaded = page.frame({ url: /\/report/ });
  check(await reloaded.evaluate(() => window.scrollY) === scrolled, 'the report keeps its scroll position');
  check(await report.locator('article.flow').count() === third.design.flows.length - 1, 'the removed flow is gone');
  await page.screenshot({ path: join(args.out, 'serve-report.png') });

  // Back to the diagram: the same view.
  await page.click('#tab-diagram');
  check(JSON.stringify(await view()) === JSON.stringify(before), 'the view survived the tabs');
  const fourth = await page.evaluate(async () => (await fetch('/api/design')).json());
  check(fourth.version === 4 && !fourth.design.diagnostics.some((d) => d.code === 'unknown-reference'), 'the draft\'s error is gone');
  check((await page.textContent('#problem-count')) === String(fourth.design.diagnostics.length), 'the problem count follows');

  // A flow whose card is open, removed: the card says so.
  writeFileSync(reporting, readFileSync(reporting, 'utf8').replace('flow monthly_indicators:', 'flow monthly_totals:'));
  await page.waitForSelector('body[data-version="5"]', { timeout: 5000 });
  check((await page.textContent('#card')).includes('no longer in the design'), 'a card whose flow is gone says so');

  // The folder removed: the last design stays, under a banner.
  rmSync(design, { recursive: true });
  await page.waitForSelector('#error:not([hidden])', { timeout: 5000 });
  check((await page.textContent('#error')).includes('no such file or folder'), 'the banner says why');
  check(await page.locator('#canvas svg g.fs-node').count() === first.design.nodes.length + 1, 'the last design stays');
  await page.screenshot({ path: join(args.out, 'serve-error.png') });

  console.log(`serve: a change on disk reached the page in ${latency.join(', ')} ms (write to DOM, each step)`);
} finally {
  await browser.close();
  server.kill();
  rmSync(work, { recursive: true, force: true });
}

for (const e of errors) failures.push(e);
if (serverErrors.trim()) failures.push(`the server wrote on stderr: ${serverErrors}`);
if (failures.length) {
  console.error(`serve: ${failures.length} failure(s):\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('serve: the page, its cards, its tabs and its live updates: all checks passed');
