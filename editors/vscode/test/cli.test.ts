import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import {
  exportArgs,
  failureSummary,
  importArgs,
  importedDesignPath,
  isUnknownSubcommand,
  keptProjectPath,
  reportArgs,
  runFlowspec,
} from '../src/cli';

describe('command lines', () => {
  it('export', () => {
    // The format follows the file: one 4.0 project file for YAML, a plan
    // for JSON, the workspace folder (the command line's default) else.
    assert.deepEqual(exportArgs('/ws', '/ws/project.yaml'), ['export', 'openfn', '/ws', '-o', '/ws/project.yaml', '--format', 'project']);
    assert.deepEqual(exportArgs('/ws', '/ws/plan.JSON'), ['export', 'openfn', '/ws', '-o', '/ws/plan.JSON', '--format', 'workflow-json']);
    assert.deepEqual(exportArgs('/ws', '/ws/openfn'), ['export', 'openfn', '/ws', '-o', '/ws/openfn']);
    assert.deepEqual(exportArgs('/ws', '/out.yaml', { force: true, flow: 'monthly' }), [
      'export',
      'openfn',
      '/ws',
      '-o',
      '/out.yaml',
      '--format',
      'project',
      '--flow',
      'monthly',
      '--force',
    ]);
  });

  it('import', () => {
    assert.deepEqual(importArgs('/p/project.yaml', '/p/project.flow'), ['import', 'openfn', '/p/project.yaml', '-o', '/p/project.flow']);
    assert.deepEqual(importArgs('/p/ws', '/p/ws.flow', { force: true }), ['import', 'openfn', '/p/ws', '-o', '/p/ws.flow', '--force']);
  });

  it('puts an imported design beside the project, as the command line does', () => {
    assert.equal(importedDesignPath('/p/project.yaml', false), '/p/project.flow');
    assert.equal(importedDesignPath('/p/state.json', false), '/p/state.flow');
    assert.equal(importedDesignPath('/p/my.project.yaml', false), '/p/my.project.flow');
    assert.equal(importedDesignPath('/p/workspace/', true), '/p/workspace.flow');
    assert.equal(importedDesignPath('/p/ws.v2', true), '/p/ws.v2.flow');
    assert.equal(importedDesignPath('C:\\p\\école 🙂.yaml', false), 'C:\\p\\école 🙂.flow');
    assert.equal(keptProjectPath('/p/project.flow'), '/p/project.openfn.yaml');
  });

  it('report', () => {
    assert.deepEqual(reportArgs('/ws', '/tmp/x/design.html'), ['report', '/ws', '-o', '/tmp/x/design.html']);
  });
});

describe('runFlowspec', { skip: process.platform === 'win32' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowspec-cli-test-'));
  const fake = join(dir, 'flowspec');
  writeFileSync(
    fake,
    [
      '#!/bin/sh',
      'if [ "$1" = report ]; then echo "error: unrecognized subcommand \'report\'" >&2; exit 2; fi',
      'if [ "$1" = fail ]; then echo "" >&2; echo "  cannot write out.yaml: exists" >&2; exit 1; fi',
      'echo "args: $* cwd: $(pwd)"',
      'echo "note: excel has no adaptor" >&2',
    ].join('\n'),
  );
  chmodSync(fake, 0o755);

  it('passes the arguments and the folder, and collects both outputs', async () => {
    const r = await runFlowspec(fake, ['export', 'openfn', '.', '-o', 'a b.yaml'], dir);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), `args: export openfn . -o a b.yaml cwd: ${dir}`);
    assert.equal(r.stderr.trim(), 'note: excel has no adaptor');
  });

  it('reports a failure with its first line of stderr', async () => {
    const r = await runFlowspec(fake, ['fail'], dir);
    assert.equal(r.code, 1);
    assert.equal(failureSummary('the export', r), 'the export failed (exit status 1): cannot write out.yaml: exists');
  });

  it('recognises a binary too old for a subcommand', async () => {
    const r = await runFlowspec(fake, ['report'], dir);
    assert.equal(isUnknownSubcommand(r, 'report'), true);
    assert.equal(isUnknownSubcommand(r, 'export'), false);
  });

  it('reports a program that does not start', async () => {
    const r = await runFlowspec(join(dir, 'missing'), [], dir);
    assert.equal(r.code, null);
    assert.match(failureSummary('the report', r), /^the report could not run: .*ENOENT/);
  });
});
