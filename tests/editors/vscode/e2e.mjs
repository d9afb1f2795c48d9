// A real VS Code as the test: the packaged Flowspec extension (.vsix) is
// installed into code-server (VS Code 1.100.3 in a browser), a two-file
// design is opened in headless Chromium, and the test checks what a user
// sees. Screenshots go to tests/artifacts/vscode/.
//
//   cd tests/editors/vscode && npm test
//
// Needs: `./install.sh` here (code-server, playwright-core; see README.md), the
// .vsix built by `npm run package` in editors/vscode (with the release binary
// bundled: the server must come from the extension, so PATH is cleared of
// any other flowspec), and Debian's chromium. Environment (all optional):
//   FLOWSPEC_VSIX       the .vsix (default editors/vscode/flowspec.vsix)
//   FLOWSPEC_ARTIFACTS  where screenshots go (default tests/artifacts/vscode)
//   CHROMIUM            the browser (default /usr/bin/chromium)
// Exit status 0 when every check passed; the last line says how many did.

import { spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const vsix = process.env.FLOWSPEC_VSIX || join(repo, 'editors', 'vscode', 'flowspec.vsix');
const artifacts = process.env.FLOWSPEC_ARTIFACTS || join(repo, 'tests', 'artifacts', 'vscode');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const codeServer = join(here, 'node_modules', '.bin', 'code-server');

// ---------------------------------------------------------------- results

const results = [];
let failed = 0;
let passed = 0;

function log(message) {
  process.stdout.write(`${message}\n`);
}

/** Runs one check; a failure is recorded (with a screenshot) and the run goes on. */
async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    passed += 1;
    results.push(`ok   ${name}`);
    log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    results.push(`FAIL ${name}: ${error?.message ?? error}`);
    log(`FAIL ${name}: ${error?.stack ?? error}`);
    await shot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => {});
  }
}

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

// ---------------------------------------------------------------- setup

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** PATH without any folder that holds a `flowspec`: the server must be the bundled one. */
function pathWithoutFlowspec() {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => {
      try {
        accessSync(join(dir, 'flowspec'), constants.X_OK);
        return false;
      } catch {
        return true;
      }
    })
    .join(delimiter);
}

for (const [what, file] of [
  ['the .vsix (npm run package in editors/vscode)', vsix],
  ['code-server (npm ci in tests/editors/vscode)', codeServer],
  ['Chromium (apt-get install chromium)', browserPath],
]) {
  if (!existsSync(file)) {
    log(`FAIL ${what} is missing: ${file}`);
    log('0 passed, 1 failed');
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'flowspec-vscode-e2e-'));
const design = join(work, 'design');
cpSync(join(here, 'design'), design, { recursive: true });
const userData = join(work, 'user-data');
const extensions = join(work, 'extensions');
const xdg = join(work, 'xdg');
mkdirSync(join(userData, 'User'), { recursive: true });
mkdirSync(artifacts, { recursive: true });
for (const old of readdirSync(artifacts)) {
  if (old.endsWith('.png')) {
    rmSync(join(artifacts, old));
  }
}
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      // No fade-ins: screenshots show widgets fully drawn.
      'workbench.reduceMotion': 'on',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'workbench.colorTheme': 'Default Dark Modern',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.commandCenter.enabled': false,
      'chat.disableAIFeatures': true,
      'editor.hover.delay': 100,
      'editor.minimap.enabled': false,
      'editor.fontSize': 15,
      'editor.inlayHints.enabled': 'on',
      'editor.quickSuggestionsDelay': 10,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'update.mode': 'none',
      'files.simpleDialog.enable': true,
      // VS Code in a browser saves after a delay by default; desktop VS Code
      // does not. The tests type, then revert: nothing may reach the disk.
      'files.autoSave': 'off',
      'window.commandCenter': false,
    },
    null,
    2,
  ),
);
const env = {
  ...process.env,
  PATH: pathWithoutFlowspec(),
  XDG_CONFIG_HOME: join(xdg, 'config'),
  XDG_DATA_HOME: join(xdg, 'data'),
  XDG_STATE_HOME: join(xdg, 'state'),
  XDG_CACHE_HOME: join(xdg, 'cache'),
  // The browser must not find a proxy for the loopback address.
  NO_PROXY: '127.0.0.1,localhost',
};
const configFile = join(work, 'code-server.yaml');
writeFileSync(configFile, 'auth: none\ncert: false\n');
const commonArgs = ['--config', configFile, '--user-data-dir', userData, '--extensions-dir', extensions];

log(`installing ${vsix}`);
const install = spawnSync(process.execPath, [codeServer, ...commonArgs, '--install-extension', vsix], {
  env,
  encoding: 'utf8',
  timeout: 120_000,
});
if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr)) {
  log(`FAIL installing the extension:\n${install.stdout}\n${install.stderr}`);
  log('0 passed, 1 failed');
  process.exit(1);
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const serverLog = [];
const server = spawn(
  process.execPath,
  [
    codeServer,
    ...commonArgs,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    design,
  ],
  { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
);
server.stdout.on('data', (d) => serverLog.push(String(d)));
server.stderr.on('data', (d) => serverLog.push(String(d)));

let browser;
let page;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function cleanup() {
  await browser?.close().catch(() => {});
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  writeFileSync(join(artifacts, 'code-server.log'), serverLog.join(''));
  rmSync(work, { recursive: true, force: true, maxRetries: 3 });
}

async function waitFor(what, predicate, timeout = 15_000, interval = 100) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await predicate();
      if (last) {
        return last;
      }
    } catch (e) {
      last = e;
    }
    await sleep(interval);
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
}

async function shot(name) {
  if (page) {
    await sleep(250);
    const file = join(artifacts, `${name}.png`);
    await page.screenshot({ path: file });
    log(`     screenshot ${file}`);
  }
}

// ---------------------------------------------------------------- VS Code helpers

/**
 * Opens the quick input with `key` and types `text` into it. The widget can
 * close again right after it opened, when an editor that was still laying
 * out (the Settings editor) takes the focus: then it is opened again.
 */
async function quickInput(key, text) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: 5000 });
      await input.fill(text, { timeout: 5000 });
      return;
    } catch (e) {
      if (attempt === 3) {
        throw e;
      }
    }
  }
}

/** Runs a command from the command palette by its title. */
async function command(title) {
  await quickInput('F1', `>${title}`);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

/** Opens a file of the workspace with Quick Open. */
async function openFile(name) {
  await quickInput('Control+P', name);
  // Enter once the filtered list has the file on top (not a recent one).
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: name }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: name }).first().waitFor({ state: 'visible' });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** Moves the cursor with Go to Line (1-based line and column). */
async function goTo(line, column) {
  await quickInput('Control+G', `:${line}:${column}`);
  await page.keyboard.press('Enter');
  await waitFor(`the cursor at ${line}:${column}`, async () => (await cursorPosition()) === `Ln ${line}, Col ${column}`, 5000);
}

async function cursorPosition() {
  const text = await page.locator('#status\\.editor\\.selection').innerText();
  return text.trim();
}

/** The text of the active editor's rendered lines, in order. */
async function editorText() {
  const lines = await page
    .locator('.editor-group-container.active .monaco-editor .view-lines')
    .first()
    .evaluate((el) =>
      [...el.querySelectorAll(':scope > .view-line')]
        .map((line) => [parseFloat(line.style.top) || 0, line.textContent ?? ''])
        .sort((a, b) => a[0] - b[0])
        .map(([, text]) => text),
    );
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

async function activeTab() {
  return (await page.locator('.editor-group-container.active .tabs-container .tab.active').first().innerText()).trim();
}

/** The rows of the Problems panel. */
async function problems() {
  return page.locator('.markers-panel .monaco-list-row').allInnerTexts();
}

// ---------------------------------------------------------------- the test

try {
  await waitFor('code-server to answer /healthz', async () => (await fetch(`${base}/healthz`)).ok, 60_000, 250);
  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(`${base}/?folder=${encodeURIComponent(design)}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  // The Explorer lists the design once the workbench is ready.
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'flows.flow' }).waitFor({ state: 'visible', timeout: 30_000 });

  await check('the .flow file opens in the Flowspec language mode', async () => {
    await openFile('flows.flow');
    const mode = await waitFor('the language mode', async () => {
      const text = (await page.locator('#status\\.editor\\.mode').innerText()).trim();
      return text === 'Flowspec' ? text : undefined;
    });
    assert(mode === 'Flowspec', `the status bar says ${mode}`);
    const tab = page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: 'flows.flow' }).first();
    const classes = (await tab.locator('.monaco-icon-label').first().getAttribute('class')) ?? '';
    assert(classes.includes('flow-lang-file-icon'), `the tab's icon is not the language's: ${classes}`);
  });

  await check('the TextMate grammar colours the syntax', async () => {
    // The `flow` keyword of line 3: its TextMate scopes, as VS Code's token
    // inspector shows them.
    await goTo(3, 2);
    await command('Developer: Inspect Editor Tokens and Scopes');
    const widget = page.locator('.token-inspect-widget');
    await widget.waitFor({ state: 'visible' });
    const text = await waitFor('the scopes', async () => {
      const t = await widget.innerText();
      return t.includes('source.flow') ? t : undefined;
    }, 10_000);
    assert(/keyword\.declaration\.flow\.flow/.test(text), `the keyword is not scoped as one:\n${text}`);
    await shot('02-token-scopes');
    await page.keyboard.press('Escape');
    // And the rendered line has several colours (comment, keyword, name, steps).
    const colours = await page.evaluate(() => {
      const spans = [...document.querySelectorAll('.editor-group-container.active .view-lines .view-line span span')];
      return spans.map((span) => [span.textContent.replace(/\u00a0/g, ' ').trim(), getComputedStyle(span).color]).filter(([text]) => text);
    });
    const colourOf = (test) => colours.find(([text]) => test(text))?.[1];
    const comment = colourOf((t) => t.startsWith('## Monthly'));
    const keyword = colourOf((t) => t === 'flow');
    const string = colourOf((t) => t.includes('facility indicators'));
    assert(comment && keyword && string, `missing tokens: ${JSON.stringify(colours)}`);
    assert(new Set([comment, keyword, string]).size === 3, `comment, keyword and string share colours: ${JSON.stringify(colours)}`);
  });

  await check('warnings for the unanswered timing and volume: squiggles and Problems', async () => {
    await waitFor('squiggles', async () => (await page.locator('.editor-group-container.active .squiggly-warning').count()) > 0, 20_000);
    assert((await page.locator('.editor-group-container.active .squiggly-error').count()) > 0, 'no error squiggle under the misspelt step');
    await page.keyboard.press('Control+Shift+M');
    const rows = await waitFor('the Problems entries', async () => {
      const all = await problems();
      return all.some((r) => r.includes('Volume is unanswered')) && all.some((r) => r.includes('Timing is unanswered')) ? all : undefined;
    });
    const text = rows.join('\n');
    for (const expected of [
      'Timing is unanswered: “What initiates this data flow?”',
      'Volume is unanswered: “What is the scale of this integration?”',
      'unanswered-timing',
      'unanswered-volume',
      '`comcare` is not a declared tool or role',
    ]) {
      assert(text.includes(expected), `Problems lacks ${expected}:\n${text}`);
    }
    assert(!/`hmis` is not a declared/.test(text), `a tool declared in the other file is reported unknown:\n${text}`);
    await shot('03-problems');
  });

  await check('the warning is shown inline, under the flow (README screenshot)', async () => {
    // Hover over the squiggled flow header to show the message where it is.
    await goTo(3, 9);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible' });
    const text = await waitFor('the hover with the warnings', async () => {
      const t = await hover.innerText();
      return t.includes('unanswered') ? t : undefined;
    });
    assert(text.includes('Timing is unanswered'), text);
    await shot('04-inline-warnings');
    await page.keyboard.press('Escape');
  });

  await check('hover on `volume` shows its question', async () => {
    await goTo(14, 4);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover:not(.hidden)').first();
    await hover.waitFor({ state: 'visible' });
    const text = await waitFor('the hover text', async () => {
      const t = await hover.innerText();
      return t.includes('What is the scale of this integration?') ? t : undefined;
    });
    assert(/volume/i.test(text), text);
    await shot('05-hover-volume');
    await page.keyboard.press('Escape');
  });

  await check('F12 on a tool jumps to its declaration in the other file', async () => {
    // `hmis` on line 3: `flow monthly: commcare -> data_clerk -> hmis {`
    const line = readFileSync(join(design, 'flows.flow'), 'utf8').split('\n')[2];
    const column = line.indexOf('hmis') + 2;
    assert(column > 1, `line 3 is ${line}`);
    await goTo(3, column);
    await page.keyboard.press('F12');
    await waitFor('tools.flow to open', async () => (await activeTab()).includes('tools.flow'));
    await waitFor('the cursor on the declaration (Ln 3, Col 6)', async () => (await cursorPosition()) === 'Ln 3, Col 6', 5000);
    await shot('06-definition');
    await openFile('flows.flow');
  });

  await check('completion after `->` lists the workspace\'s tools', async () => {
    await openFile('flows.flow');
    await goTo(16, 1);
    await page.keyboard.press('Enter');
    await page.keyboard.type('commcare -> ', { delay: 20 });
    const widget = page.locator('.suggest-widget');
    await waitFor('the suggestions', async () => {
      if (!(await widget.isVisible())) {
        await page.keyboard.press('Control+Space');
        await sleep(300);
      }
      return widget.isVisible();
    });
    const labels = await waitFor('the workspace tools in the list', async () => {
      const rows = await page.locator('.suggest-widget .monaco-list-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('aria-label') ?? r.textContent));
      return rows.some((r) => r?.startsWith('hmis')) ? rows : undefined;
    });
    const text = labels.join('\n');
    for (const name of ['hmis', 'clinic_app', 'data_clerk']) {
      assert(labels.some((l) => l?.startsWith(name)), `${name} is not offered:\n${text}`);
    }
    await shot('07-completion');
    await page.keyboard.press('Escape');
    await command('File: Revert File');
    await waitFor('the file to be reverted', async () => !(await editorText()).split('\n').some((l) => l.trim() === 'commcare ->'), 5000);
  });

  await check('a quick fix replaces the misspelt step', async () => {
    await openFile('flows.flow');
    await goTo(9, 33);
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'commcare' }).first();
    await fix.waitFor({ state: 'visible' });
    // Keyboard, as a user does: down to the fix, then Enter.
    await waitFor('the fix to be selected', async () => {
      if ((await fix.getAttribute('class'))?.includes('focused')) {
        return true;
      }
      await page.keyboard.press('ArrowDown');
      return false;
    }, 5000, 150);
    await shot('08-quick-fix');
    await page.keyboard.press('Enter');
    await waitFor('the fixed line', async () => (await editorText()).includes('flow referrals: clinic_app -> commcare {'));
    await waitFor('the error to go', async () => (await page.locator('.editor-group-container.active .squiggly-error').count()) === 0, 10_000);
    await page.keyboard.press('Control+S');
  });

  await check('Show Server Output: the server is the binary bundled in the extension', async () => {
    await command('Flowspec: Show Server Output');
    const output = await waitFor('the Flowspec output', async () => {
      const t = (await page.locator('.part.panel .monaco-editor .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ').replace(/\n/g, ' ');
      return t.includes('[flowspec] starting') ? t : undefined;
    });
    assert(output.includes('bundled with the extension'), output);
    assert(output.includes(' lsp'), output);
  });

  /**
   * Sets flowspec.server.path as a user does: the Settings editor, the
   * setting's text box. A machine-overridable setting: in code-server (a
   * remote window) it lives in the Remote tab.
   */
  async function setServerPath(value) {
    await command('Preferences: Open User Settings');
    const search = page.locator('.settings-editor .suggest-input-container .monaco-editor textarea').first();
    await search.waitFor({ state: 'visible' });
    // The search box has the focus; what a previous search left is replaced.
    await search.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('flowspec.server.path', { delay: 5 });
    await page.locator('.settings-editor .settings-tabs-widget .action-label', { hasText: 'Remote' }).first().click();
    const box = page.locator('.settings-editor .setting-item-contents', { hasText: 'Path of the' }).locator('input, textarea').first();
    await box.waitFor({ state: 'visible' });
    await box.click();
    await box.fill(value);
    await page.keyboard.press('Tab');
  }

  const wrapper = join(work, 'my-flowspec');
  // A server of the user's choosing: a wrapper around the bundled binary,
  // set where a user sets it. The wrapper's path in the output proves the
  // extension restarted the server with it.
  await check('changing flowspec.server.path restarts the server', async () => {
    const bundled = readdirSync(extensions)
      .filter((d) => d.startsWith('flowspec.flowspec-'))
      .map((d) => join(extensions, d, 'server', 'flowspec'))
      .find((f) => existsSync(f));
    assert(bundled, `no bundled server under ${extensions}`);
    writeFileSync(wrapper, `#!/bin/sh\nexec "${bundled}" "$@"\n`);
    chmodSync(wrapper, 0o755);
    await setServerPath(wrapper);
    await shot('09a-server-path-setting');
    await command('Flowspec: Show Server Output');
    await waitFor('the server to restart as the wrapper', async () => {
      const t = (await page.locator('.part.panel .monaco-editor .view-lines').allInnerTexts()).join(' ').replace(/\s+/g, '');
      return t.includes(`starting${wrapper}lsp(fromflowspec.server.path)`.replace(/\s+/g, ''));
    }, 20_000);
    await openFile('flows.flow');
    await waitFor('diagnostics from the restarted server', async () => (await page.locator('.editor-group-container.active .squiggly-warning').count()) > 0, 15_000);
  });

  await check('a server path that is not a program: a clear error, and back', async () => {
    const missing = join(work, 'no-such-flowspec');
    await setServerPath(missing);
    const toast = page.locator('.notification-toast', { hasText: 'flowspec.server.path' }).first();
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await toast.innerText();
    assert(text.includes(missing) && text.includes('is not a program that can be run'), text);
    for (const action of ['How to Install', 'Open Settings']) {
      assert((await toast.locator('a.monaco-button', { hasText: action }).count()) === 1, `no “${action}” button:\n${text}`);
    }
    // “Open Settings” goes to the setting (in the Remote tab: code-server is a remote window).
    await toast.locator('a.monaco-button', { hasText: 'Open Settings' }).click();
    await page.locator('.settings-editor .setting-item-contents', { hasText: 'Path of the' }).first().waitFor({ state: 'visible' });
    // The Settings editor takes the focus once it has laid out; Quick Open
    // opened before that would close again.
    await waitFor('the Settings editor to have the focus', () => page.evaluate(() => document.activeElement?.closest('.settings-editor') != null));
    // In a .flow editor the language status (the `{}` in the status bar) says so too.
    await openFile('flows.flow');
    await page.locator('#status\\.languageStatus').click();
    await page.locator('.hover-language-status', { hasText: 'Flowspec: server not found' }).first().waitFor({ state: 'visible' });
    await shot('09b-server-not-found');
    await page.keyboard.press('Escape');
    // Fixing the setting starts the server again.
    await setServerPath(wrapper);
    await openFile('flows.flow');
    await waitFor('diagnostics from the server once more', async () => (await page.locator('.editor-group-container.active .squiggly-warning').count()) > 0, 20_000);
  });

  /** The HTML of the diagram preview's page, once it shows an SVG or a message. */
  async function diagramPage() {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) {
        continue;
      }
      const body = await frame
        .evaluate(() => (document.querySelector('[data-flowspec-diagram] svg, .banner.error, .banner.note') ? document.body.innerHTML : undefined))
        .catch(() => undefined);
      if (body) {
        return body;
      }
    }
    return undefined;
  }

  await check('the diagram preview opens beside the editor and follows the typing', async () => {
    await openFile('flows.flow');
    await command('Flowspec: Open Diagram Preview');
    await page.locator('.tab', { hasText: 'Diagram: flows.flow' }).waitFor({ state: 'visible' });
    const body = await waitFor('the diagram', async () => {
      const b = await diagramPage();
      return b?.includes('<svg') ? b : undefined;
    }, 20_000).catch(async (e) => {
      throw new Error(`${e.message}; the preview shows:\n${((await diagramPage()) ?? '(nothing)').slice(0, 800)}`);
    });
    for (const name of ['monthly', 'referrals']) {
      assert(body.includes(name), `the diagram does not name the flow ${name}:\n${body.slice(0, 800)}`);
    }
    await shot('09-diagram');
    // Updated as you type: rename a flow, the picture follows.
    await goTo(9, 8);
    await page.keyboard.press('Control+D');
    await page.keyboard.type('urgent_referrals', { delay: 10 });
    await waitFor('the diagram to show the new name', async () => (await diagramPage())?.includes('urgent_referrals'), 10_000);
    await shot('10-diagram-updated');
    await command('File: Revert File');
    await waitFor('the diagram to follow the revert', async () => !(await diagramPage())?.includes('urgent_referrals'), 10_000);
  });

  await check('Export to OpenFn writes the project where the user says', async () => {
    await command('Flowspec: Export to OpenFn…');
    // The simple file dialog: its path box holds the suggested file.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const suggested = await waitFor('the suggested path', async () => {
      const v = await input.inputValue();
      return v.endsWith('project.yaml') ? v : undefined;
    });
    assert(suggested.includes('design'), suggested);
    await page.keyboard.press('Enter');
    const notification = page.locator('.notification-toast', { hasText: 'exported to project.yaml' });
    await notification.waitFor({ state: 'visible', timeout: 20_000 });
    const yaml = readFileSync(join(design, 'project.yaml'), 'utf8');
    assert(/workflows:/.test(yaml) && yaml.includes('referrals'), yaml.slice(0, 400));
    await shot('11-export');
    await notification.locator('a.monaco-button', { hasText: 'Open' }).first().click();
    await waitFor('project.yaml in an editor', async () => (await activeTab()).includes('project.yaml'));
  });

  await check('the export lens over a complete flow exports that flow', async () => {
    await openFile('flows.flow');
    const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Export to OpenFn' }).first();
    await lens.waitFor({ state: 'visible' });
    await lens.click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await waitFor('the suggested path', async () => (await input.inputValue()).endsWith('referrals.yaml'));
    await page.keyboard.press('Enter');
    await page.locator('.notification-toast', { hasText: 'exported to referrals.yaml' }).waitFor({ state: 'visible', timeout: 20_000 });
    const yaml = readFileSync(join(design, 'referrals.yaml'), 'utf8');
    assert(yaml.includes('referrals') && !yaml.includes('monthly'), `not only the flow referrals:\n${yaml.slice(0, 600)}`);
  });

  await check('a *.js.flow file (JavaScript Flow) is not taken for a design', async () => {
    writeFileSync(join(design, 'types.js.flow'), '// @flow\ndeclare export function f(x: number): string;\n');
    // From the Explorer (Quick Open's file index may not have it yet).
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'types.js.flow' }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: 'types.js.flow' }).first().waitFor({ state: 'visible' });
    // The tab's icon carries the language (`<id>-lang-file-icon`), and the
    // status bar follows once the editor has the focus.
    const tab = page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: 'types.js.flow' }).first();
    const classes = (await tab.locator('.monaco-icon-label').first().getAttribute('class')) ?? '';
    assert(!classes.includes('flow-lang-file-icon'), `types.js.flow has the Flowspec icon: ${classes}`);
    const mode = await waitFor('the status bar to leave Flowspec', async () => {
      const text = (await page.locator('#status\\.editor\\.mode').innerText()).trim();
      return text.length > 0 && text !== 'Flowspec' ? text : undefined;
    }, 5000);
    log(`     types.js.flow opened as ${mode}`);
  });

  await check('Open Design Report shows the report', async () => {
    await command('Flowspec: Open Design Report');
    await page.locator('.tab', { hasText: 'Report: design' }).waitFor({ state: 'visible', timeout: 20_000 });
    // The report's own frame (not the diagram's): the design's flows.
    await waitFor('the report page with both flows', async () => {
      for (const frame of page.frames()) {
        const ok = await frame
          .evaluate(() => !document.querySelector('[data-flowspec-diagram]') && /monthly/.test(document.body?.innerText ?? '') && /referrals/.test(document.body?.innerText ?? ''))
          .catch(() => false);
        if (ok) {
          return true;
        }
      }
      return false;
    });
    await sleep(1000); // the webview paints after its content is in the DOM
    await shot('12-report');
  });
} catch (error) {
  failed += 1;
  log(`FAIL setting up: ${error?.stack ?? error}`);
  await shot('FAILED-setup').catch(() => {});
} finally {
  writeFileSync(join(artifacts, 'results.txt'), `${results.join('\n')}\n`);
  await cleanup();
}

log(`\nscreenshots and the code-server log: ${artifacts}`);
log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
