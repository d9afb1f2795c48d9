import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { exportArgs, failureSummary, isUnknownSubcommand, reportArgs, runFlowspec } from '../src/cli';

describe('command lines', () => {
  it('export', () => {
    assert.deepEqual(exportArgs('/ws', '/ws/project.yaml'), ['export', 'openfn', '/ws', '-o', '/ws/project.yaml']);
    assert.deepEqual(exportArgs('/ws', '/out.yaml', { force: true, flow: 'monthly' }), [
      'export',
      'openfn',
      '/ws',
      '-o',
      '/out.yaml',
      '--flow',
      'monthly',
      '--force',
    ]);
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
