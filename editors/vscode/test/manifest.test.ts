// The manifest (package.json) and the files it points at.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { minimatch } from 'minimatch';

// Compiled to out/test/: the extension's folder is two levels up.
const root = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json'));
const contributes = pkg.contributes;

describe('the flow language', () => {
  const language = contributes.languages.find((l: { id: string }) => l.id === 'flow');
  // VS Code lowercases the name and each pattern before matching, and
  // matches a pattern without a slash against the file's name.
  const isFlow = (name: string) =>
    (language.filenames ?? []).includes(name.toLowerCase()) ||
    (language.filenamePatterns ?? []).some((p: string) => minimatch(name.toLowerCase(), p.toLowerCase(), { dot: true }));

  it('is *.flow files', () => {
    for (const name of ['flows.flow', 'tools.flow', 'a.flow', 's.flow', 'js.flow', 'ajs.flow', 'jobs.flow', 'bus.flow', 'my-design.flow', 'v1.2.flow', 'REPORT.FLOW']) {
      assert.ok(isFlow(name), `${name} should be a Flowspec file`);
    }
  });

  it('is not *.js.flow (JavaScript Flow declarations) nor anything else', () => {
    for (const name of ['index.js.flow', 'a.b.js.flow', 'X.JS.FLOW', 'flow', 'x.flow.bak', 'x.jsflow', 'flows.flow.orig']) {
      assert.ok(!isFlow(name), `${name} should not be a Flowspec file`);
    }
  });

  it('does not claim the .flow extension (which would take *.js.flow too)', () => {
    assert.equal(language.extensions, undefined);
  });

  it('is called Flowspec in the status bar', () => {
    assert.equal(language.aliases[0], 'Flowspec');
  });

  it('has a grammar copied from ../../grammar at build time', () => {
    const grammar = contributes.grammars.find((g: { language: string }) => g.language === 'flow');
    assert.equal(grammar.scopeName, 'source.flow');
    assert.ok(existsSync(join(root, grammar.path)), `${grammar.path} is made by npm run build`);
    assert.equal(read(grammar.path), readFileSync(join(root, '..', '..', 'grammar', 'flow.tmLanguage.json'), 'utf8'));
  });
});

describe('the language configuration', () => {
  const config = JSON.parse(read(contributes.languages[0].configuration));

  it('toggles # comments and knows the brackets', () => {
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [
      ['{', '}'],
      ['[', ']'],
    ]);
    const opens = config.autoClosingPairs.map((p: { open: string }) => p.open);
    assert.deepEqual(opens, ['{', '[', '"']);
    assert.deepEqual(config.surroundingPairs.map((p: string[]) => p[0]), ['{', '[', '"']);
  });

  it('indents after an opening brace and outdents at the closing one', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const line of ['flow monthly: commcare -> dhis2 {', 'tool hmis "National HMIS" {', '  transform {', '  data: [', 'flow a: b -> c { # the flow', '  notes: "{ x }" {']) {
      assert.ok(increase.test(line), line);
    }
    for (const line of ['# a comment {', 'commcare -> dhis2 monthly batch', '  data: "a {"', 'tool a {}']) {
      assert.ok(!increase.test(line), line);
    }
    assert.ok(decrease.test('  }'));
    assert.ok(decrease.test(']'));
    assert.ok(!decrease.test('  data: "}"'));
  });

  it('takes hyphenated names as one word', () => {
    const word = new RegExp(config.wordPattern, 'g');
    assert.deepEqual('google-sheets -> on-demand 1.5k'.match(word), ['google-sheets', 'on-demand', '1.5k']);
  });
});

describe('snippets', () => {
  const snippets = JSON.parse(read(contributes.snippets[0].path));

  it('have distinct prefixes that do not shadow the server\'s own snippets', () => {
    const prefixes = Object.values(snippets).map((s) => (s as { prefix: string }).prefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
    for (const taken of ['flow', 'tool', 'role']) {
      assert.ok(!prefixes.includes(taken), `the server completes ${taken} already`);
    }
  });

  it('indent with two spaces', () => {
    for (const [name, s] of Object.entries(snippets)) {
      for (const line of (s as { body: string[] }).body) {
        assert.ok(!line.includes('\t'), `${name}: a tab`);
        assert.equal((/^ */.exec(line)?.[0].length ?? 0) % 2, 0, `${name}: ${line}`);
      }
    }
  });
});

describe('settings', () => {
  const props = contributes.configuration.properties;

  it('lists a severity for every diagnostic code of grammar/diagnostics.md', () => {
    const doc = readFileSync(join(root, '..', '..', 'grammar', 'diagnostics.md'), 'utf8');
    const codes = [...doc.matchAll(/^## `([a-z0-9-]+)`/gm)].map((m) => m[1]);
    assert.ok(codes.length > 10);
    assert.deepEqual(Object.keys(props['flowspec.diagnostics'].properties).sort(), codes.sort());
    for (const p of Object.values(props['flowspec.diagnostics'].properties)) {
      assert.deepEqual((p as { enum: string[] }).enum, ['error', 'warning', 'information', 'hint', 'off']);
    }
  });

  it('has the server path, inlay hints and trace', () => {
    assert.equal(props['flowspec.server.path'].type, 'string');
    assert.equal(props['flowspec.inlayHints.enabled'].default, true);
    assert.deepEqual(props['flowspec.trace.server'].enum, ['off', 'messages', 'verbose']);
  });

  it('restricts the server path in untrusted workspaces', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['flowspec.server.path']);
  });
});

describe('commands', () => {
  it('are all registered by the extension, and only those', () => {
    const source = read('src/extension.ts');
    const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(registered, declared);
  });

  it('include the one the server\'s export lens runs', () => {
    const lens = readFileSync(join(root, '..', '..', 'crates', 'flowspec-lsp', 'src', 'handlers', 'code_lens.rs'), 'utf8');
    const command = /EXPORT_FLOW: &str = "([^"]+)"/.exec(lens)?.[1];
    assert.ok(command);
    assert.ok(contributes.commands.some((c: { command: string }) => c.command === command));
  });

  it('leave the server\'s own commands to the language client', () => {
    // The client registers each command of `executeCommandProvider` (the
    // count lens's `flowspec.showAnswers`); registering it here too would
    // fail with "command already exists".
    const lens = readFileSync(join(root, '..', '..', 'crates', 'flowspec-lsp', 'src', 'handlers', 'code_lens.rs'), 'utf8');
    const command = /SHOW_ANSWERS: &str = "([^"]+)"/.exec(lens)?.[1];
    assert.equal(command, 'flowspec.showAnswers');
    assert.ok(!read('src/extension.ts').includes(command));
    assert.ok(!contributes.commands.some((c: { command: string }) => c.command === command));
  });
});

describe('packaging', () => {
  it('has a 128×128 PNG icon', () => {
    const png = readFileSync(join(root, pkg.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), 128);
    assert.equal(png.readUInt32BE(20), 128);
  });

  it('ships what VS Code loads', () => {
    const ignore = read('.vscodeignore');
    for (const file of ['dist/extension.js', 'syntaxes/flow.tmLanguage.json', 'server/flowspec', 'language-configuration.json', 'snippets/flow.json', pkg.icon]) {
      assert.ok(ignore.includes(`!${file}`), file);
    }
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('does not ask for a newer VS Code than its types describe', () => {
    assert.equal(pkg.engines.vscode, `^${pkg.devDependencies['@types/vscode']}`);
    assert.equal(pkg.devDependencies['@vscode/vsce'], '3.9.2');
  });
});
