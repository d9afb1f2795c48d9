// The live page of `flowspec serve`. It receives the design as JSON (the
// SVG, the cards, the diagnostics) from /events each time a file is saved,
// swaps the picture in place and keeps the reader's view: the pan, the
// zoom, the open card. User text is only ever set as text, never as HTML;
// the one piece of markup inserted, the SVG, is Flowspec's own (escaped).
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  payload: null,
  view: { x: 0, y: 0, k: 1 },
  fitted: false,
  // What the card shows: { kind: 'node', id } or { kind: 'flow', name }.
  selection: null,
  reportVersion: 0,
};

// ---- small DOM helpers ---------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function locationLink(location) {
  if (!location) return null;
  const text = `${location.path}:${location.line}`;
  return el('button', { type: 'button', class: 'link', onclick: () => showSource(location.path, location.line) }, text);
}

// ---- pan and zoom --------------------------------------------------------

const viewport = $('viewport');
const canvas = $('canvas');

function applyView() {
  const { x, y, k } = state.view;
  canvas.style.transform = `translate(${x}px, ${y}px) scale(${k})`;
  canvas.dataset.view = `${x.toFixed(1)},${y.toFixed(1)},${k.toFixed(4)}`;
  $('zoom-level').textContent = `${Math.round(k * 100)}%`;
}

function svgSize() {
  const svg = canvas.querySelector('svg');
  if (!svg) return { w: 1, h: 1 };
  return { w: Number(svg.getAttribute('width')) || 1, h: Number(svg.getAttribute('height')) || 1 };
}

function fit() {
  const { w, h } = svgSize();
  const box = viewport.getBoundingClientRect();
  const k = Math.min(2, Math.max(0.05, Math.min((box.width - 32) / w, (box.height - 32) / h)));
  state.view = { k, x: (box.width - w * k) / 2, y: (box.height - h * k) / 2 };
  applyView();
}

function zoomAt(factor, cx, cy) {
  const { x, y, k } = state.view;
  const next = Math.min(8, Math.max(0.05, k * factor));
  const f = next / k;
  state.view = { k: next, x: cx - (cx - x) * f, y: cy - (cy - y) * f };
  applyView();
}

function zoomCentre(factor) {
  const box = viewport.getBoundingClientRect();
  zoomAt(factor, box.width / 2, box.height / 2);
}

viewport.addEventListener('wheel', (event) => {
  event.preventDefault();
  const box = viewport.getBoundingClientRect();
  const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
  zoomAt(Math.exp(-delta * 0.0015), event.clientX - box.left, event.clientY - box.top);
}, { passive: false });

let drag = null;
viewport.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) return;
  drag = { id: event.pointerId, sx: event.clientX, sy: event.clientY, x: state.view.x, y: state.view.y, moved: false };
});
viewport.addEventListener('pointermove', (event) => {
  if (!drag || drag.id !== event.pointerId) return;
  const dx = event.clientX - drag.sx;
  const dy = event.clientY - drag.sy;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  if (!drag.moved) {
    drag.moved = true;
    viewport.setPointerCapture(event.pointerId);
    viewport.classList.add('panning');
  }
  state.view.x = drag.x + dx;
  state.view.y = drag.y + dy;
  applyView();
});
function endDrag(event) {
  if (!drag || drag.id !== event.pointerId) return;
  const wasClick = !drag.moved;
  drag = null;
  viewport.classList.remove('panning');
  if (wasClick && event.type === 'pointerup') select(event.target);
}
viewport.addEventListener('pointerup', endDrag);
viewport.addEventListener('pointercancel', endDrag);
viewport.addEventListener('keydown', (event) => {
  if (event.key === '+' || event.key === '=') zoomCentre(1.25);
  else if (event.key === '-' || event.key === '−') zoomCentre(0.8);
  else if (event.key === '0') fit();
  else if (event.key === 'Escape') setSelection(null);
  else return;
  event.preventDefault();
});
$('zoom-in').addEventListener('click', () => zoomCentre(1.25));
$('zoom-out').addEventListener('click', () => zoomCentre(0.8));
$('zoom-fit').addEventListener('click', fit);

// ---- the picture ---------------------------------------------------------

function drawSvg(svg) {
  canvas.innerHTML = svg;
  // A wide, invisible stroke along each arrow: thin lines are easy to click.
  for (const line of canvas.querySelectorAll('.fs-edge .fs-edge-line')) {
    const hit = line.cloneNode(false);
    hit.setAttribute('class', 'fs-hit');
    hit.removeAttribute('marker-end');
    line.after(hit);
  }
}

function indexOf(element, prefix) {
  const id = element && element.id;
  return id && id.startsWith(prefix) ? Number(id.slice(prefix.length)) : null;
}

function select(target) {
  const design = state.payload && state.payload.design;
  if (!design || !(target instanceof Element)) return;
  const node = indexOf(target.closest('.fs-node'), 'fs-node-');
  if (node !== null && design.nodes[node]) {
    setSelection({ kind: 'node', id: design.nodes[node].id });
    return;
  }
  let edge = indexOf(target.closest('.fs-edge'), 'fs-edge-');
  const label = target.closest('.fs-edge-label');
  if (edge === null && label) edge = Number(label.dataset.edge);
  if (edge !== null && design.edges[edge]) {
    setSelection({ kind: 'flow', name: design.flows[design.edges[edge].flow].name });
    return;
  }
  setSelection(null);
}

function setSelection(selection) {
  state.selection = selection;
  renderCard();
}

function highlight(nodes, edges) {
  for (const selected of canvas.querySelectorAll('.fs-selected')) selected.classList.remove('fs-selected');
  for (const i of nodes) canvas.querySelector(`#fs-node-${i}`)?.classList.add('fs-selected');
  for (const i of edges) {
    canvas.querySelector(`#fs-edge-${i}`)?.classList.add('fs-selected');
    canvas.querySelector(`.fs-edge-label[data-edge="${i}"]`)?.classList.add('fs-selected');
  }
}

// ---- cards ---------------------------------------------------------------

function renderCard() {
  const card = $('card');
  const design = state.payload.design;
  const selection = state.selection;
  card.replaceChildren();
  card.dataset.kind = selection ? selection.kind : '';
  if (!selection) {
    highlight([], []);
    card.append(el('p', { class: 'hint' },
      'Click a tool, a person or an arrow to see its card: a flow\'s card has its answers to the six questions.'));
    return;
  }
  if (selection.kind === 'node') {
    const index = design.nodes.findIndex((n) => n.id === selection.id);
    if (index < 0) return gone(card, `${selection.id} is no longer in the design.`);
    highlight([index], []);
    nodeCard(card, design, design.nodes[index]);
  } else {
    const index = design.flows.findIndex((f) => f.name === selection.name);
    if (index < 0) return gone(card, `The flow ${selection.name} is no longer in the design.`);
    highlight([], design.flows[index].edges);
    flowCard(card, design, design.flows[index]);
  }
}

function gone(card, text) {
  highlight([], []);
  card.append(el('p', { class: 'hint' }, text));
}

function nodeCard(card, design, node) {
  const kind = node.kind === 'role' ? 'Person (role)' : node.kind === 'unknown' ? 'Unknown step' : 'Tool';
  card.append(
    el('h2', {}, node.label),
    el('p', { class: 'sub' }, kind, node.tool_kind ? ` · ${node.tool_kind}` : '', node.label !== node.id ? ` · ${node.id}` : ''),
  );
  const rows = [];
  if (node.tool_kind_description) rows.push(['Kind', node.tool_kind_description]);
  if (node.owner) rows.push(['Owner', node.owner]);
  if (node.adaptor) rows.push(['OpenFn adaptor', node.adaptor]);
  if (node.description) rows.push(['Description', node.description]);
  rows.push(['Declared', node.location ? locationLink(node.location)
    : node.kind === 'unknown' ? 'nowhere: not a declared or well-known tool' : 'no: a well-known tool (the catalog)']);
  card.append(el('dl', {}, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));
  card.append(el('h3', {}, `Flows through it (${node.flows.length})`));
  card.append(el('ul', {}, node.flows.map((f) => el('li', {}, el('button', {
    type: 'button', class: 'link', onclick: () => setSelection({ kind: 'flow', name: design.flows[f].name }),
  }, design.flows[f].name)))));
}

function flowCard(card, design, flow) {
  card.append(
    el('h2', {}, flow.name),
    el('p', { class: 'sub' },
      el('span', { class: `badge ${flow.complete ? 'complete' : 'incomplete'}` }, `${flow.answered}/6 answered`),
      flow.status ? ` · ${flow.status}` : '',
      flow.schedule ? ` · ${flow.schedule}` : ''),
  );
  if (flow.doc) card.append(el('p', {}, flow.doc));
  const rows = [['Steps', flow.steps.map((s) => design.nodes[s].label).join(' → ')]];
  if (flow.owner) rows.push(['Owner', flow.owner]);
  if (flow.notes) rows.push(['Notes', flow.notes]);
  rows.push(['Written', locationLink(flow.location)]);
  card.append(el('dl', {}, rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));
  card.append(el('h3', {}, 'The six questions'));
  card.append(el('table', { class: 'answers' }, el('tbody', {}, flow.answers.map((a) => el('tr', { class: a.status, 'data-key': a.key },
    el('th', {}, a.title, el('span', { class: 'question' }, a.question)),
    el('td', {},
      answerValue(a),
      a.meaning ? el('span', { class: 'meaning' }, a.meaning) : null,
      a.status === 'open' ? el('span', { class: 'meaning' }, `Open question (${a.open})`) : null,
      a.status === 'invalid' ? el('span', { class: 'meaning' }, 'Not a valid answer: see Problems') : null),
  )))));
  if (flow.open_questions.length) {
    card.append(el('h3', {}, 'Open questions'));
    card.append(el('ul', {}, flow.open_questions.map((q) => el('li', {}, `${q.title}: ${q.question} (${q.answered})`))));
  }
}

// An answer as written: a list when it has several items (the data, the
// mappings of a transformation), else its value; a chain stays a chain.
function answerValue(answer) {
  if (answer.status === 'unanswered') return 'Not answered';
  const items = answer.items || [];
  if (items.length > 1 && answer.key !== 'tools') return el('ul', {}, items.map((i) => el('li', {}, i)));
  return answer.value ?? '';
}

// ---- problems, report, source --------------------------------------------

function renderProblems(design) {
  const list = $('problems');
  const count = $('problem-count');
  count.textContent = String(design.diagnostics.length);
  count.classList.toggle('has-errors', design.counts.errors > 0);
  $('problems-summary').textContent = design.summary;
  list.replaceChildren(...design.diagnostics.map((d) => el('li', { 'data-code': d.code },
    el('span', { class: `severity sev-${d.severity}` }, d.severity),
    el('span', {}, el('button', { type: 'button', class: 'link', onclick: () => showSource(d.path, d.line) },
      `${d.path}:${d.line}:${d.column}`)),
    el('span', {}, d.message, el('code', {}, d.code)),
  )));
}

function reloadReport() {
  const frame = $('report');
  if ($('view-report').hidden || state.reportVersion === state.payload.version) return;
  const version = state.payload.version;
  let scroll = 0;
  try { scroll = frame.contentWindow ? frame.contentWindow.scrollY : 0; } catch (_) { /* not loaded */ }
  frame.addEventListener('load', () => {
    try { frame.contentWindow.scrollTo(0, scroll); } catch (_) { /* gone */ }
    frame.dataset.version = String(version);
  }, { once: true });
  state.reportVersion = version;
  frame.src = `/report?v=${version}`;
}

async function showSource(path, line) {
  const dialog = $('source');
  $('source-title').textContent = `${path}:${line}`;
  const text = $('source-text');
  text.replaceChildren('Loading…');
  if (!dialog.open) dialog.showModal();
  const response = await fetch(`/api/source?path=${encodeURIComponent(path)}`);
  if (!response.ok) {
    text.replaceChildren(`Cannot show ${path}: ${response.status}`);
    return;
  }
  const lines = (await response.text()).split(/\r\n|\r|\n/);
  text.replaceChildren(...lines.map((l, i) => el('span', {
    class: i + 1 === line ? 'line here' : 'line', 'data-n': i + 1,
  }, l || ' ')));
  text.querySelector('.here')?.scrollIntoView({ block: 'center' });
}
$('source-close').addEventListener('click', () => $('source').close());

// ---- tabs ----------------------------------------------------------------

const tabs = ['diagram', 'report', 'problems'];
function showTab(name) {
  for (const tab of tabs) {
    $(`tab-${tab}`).setAttribute('aria-selected', String(tab === name));
    $(`view-${tab}`).hidden = tab !== name;
  }
  if (name === 'report') reloadReport();
  if (name === 'diagram' && !state.fitted && state.payload) {
    state.fitted = true;
    fit();
  }
}
for (const tab of tabs) $(`tab-${tab}`).addEventListener('click', () => showTab(tab));

// ---- live updates --------------------------------------------------------

function apply(payload) {
  if (state.payload && payload.version === state.payload.version) return;
  state.payload = payload;
  const { design } = payload;
  const title = design.title || 'Integration design';
  $('title').textContent = title;
  document.title = `${title} · Flowspec`;
  const c = design.counts;
  $('summary').textContent = [
    plural(c.flows, 'flow', 'flows'), plural(c.tools, 'tool', 'tools'), plural(c.people, 'person', 'people'),
    `${c.incomplete_flows} with unanswered questions`, design.summary,
  ].join(' · ');
  const error = $('error');
  error.hidden = !payload.error;
  error.textContent = payload.error ? `${payload.error}. The page shows the design as it last loaded.` : '';
  drawSvg(payload.svg);
  if (!state.fitted && !$('view-diagram').hidden) {
    state.fitted = true;
    fit();
  } else {
    applyView();
  }
  renderCard();
  renderProblems(design);
  reloadReport();
  document.body.dataset.version = String(payload.version);
}

function connect() {
  const live = $('live');
  const events = new EventSource('/events');
  events.addEventListener('open', () => {
    live.dataset.state = 'live';
    live.textContent = 'Live: updates as files are saved';
  });
  events.addEventListener('design', (event) => apply(JSON.parse(event.data)));
  events.addEventListener('error', () => {
    live.dataset.state = 'reconnecting';
    live.textContent = 'Reconnecting…';
  });
}

connect();
