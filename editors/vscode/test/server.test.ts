import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bundledPath, describeProblem, expandConfiguredPath, resolveServer, searchPath, serverSettings } from '../src/server';

const ext = '/home/me/.vscode/extensions/flowspec.flowspec-0.1.0-linux-x64';
const bundled = `${ext}/server/flowspec`;

function fs(files: string[]): (file: string) => boolean {
  const set = new Set(files);
  return (file) => set.has(file);
}

describe('resolveServer', () => {
  it('prefers the setting over the bundled binary and PATH', () => {
    const r = resolveServer({
      configured: '/opt/flowspec/bin/flowspec',
      extensionPath: ext,
      platform: 'linux',
      env: { PATH: '/usr/bin' },
      isExecutable: fs(['/opt/flowspec/bin/flowspec', bundled, '/usr/bin/flowspec']),
    });
    assert.deepEqual(r, { kind: 'found', path: '/opt/flowspec/bin/flowspec', source: 'setting' });
  });

  it('uses the bundled binary when the setting is empty', () => {
    for (const configured of [undefined, '', '   ']) {
      const r = resolveServer({
        configured,
        extensionPath: ext,
        platform: 'linux',
        env: { PATH: '/usr/bin' },
        isExecutable: fs([bundled, '/usr/bin/flowspec']),
      });
      assert.deepEqual(r, { kind: 'found', path: bundled, source: 'bundled' });
    }
  });

  it('falls back to PATH, in PATH order', () => {
    const r = resolveServer({
      extensionPath: ext,
      platform: 'linux',
      env: { PATH: '/usr/local/bin::/home/me/.cargo/bin:/usr/bin' },
      isExecutable: fs(['/home/me/.cargo/bin/flowspec', '/usr/bin/flowspec']),
    });
    assert.deepEqual(r, { kind: 'found', path: '/home/me/.cargo/bin/flowspec', source: 'path' });
  });

  it('does not fall back when the setting names a missing file', () => {
    const r = resolveServer({
      configured: '~/bin/flowspec',
      extensionPath: ext,
      platform: 'linux',
      env: { PATH: '/usr/bin', HOME: '/home/me' },
      isExecutable: fs([bundled, '/usr/bin/flowspec']),
    });
    assert.deepEqual(r, { kind: 'bad-setting', configured: '~/bin/flowspec', path: '/home/me/bin/flowspec' });
    assert.match(describeProblem(r as Exclude<typeof r, { kind: 'found' }>), /flowspec\.server\.path.*\/home\/me\/bin\/flowspec/);
  });

  it('says where it looked when there is nothing', () => {
    const r = resolveServer({ extensionPath: ext, platform: 'linux', env: { PATH: '/a:/b' }, isExecutable: fs([]) });
    assert.deepEqual(r, { kind: 'missing', searched: [bundled, '/a/flowspec', '/b/flowspec'] });
    assert.match(describeProblem(r as Exclude<typeof r, { kind: 'found' }>), /was not found.*PATH/);
  });

  it('finds flowspec.exe on Windows through PATHEXT', () => {
    const r = resolveServer({
      extensionPath: 'C:\\ext',
      platform: 'win32',
      env: { Path: 'C:\\tools;C:\\cargo\\bin', PATHEXT: '.COM;.EXE;.BAT' },
      isExecutable: fs(['C:\\cargo\\bin\\flowspec.exe']),
    });
    assert.deepEqual(r, { kind: 'found', path: 'C:\\cargo\\bin\\flowspec.exe', source: 'path' });
    assert.equal(bundledPath('C:\\ext', 'win32'), 'C:\\ext\\server\\flowspec.exe');
  });
});

describe('expandConfiguredPath', () => {
  it('expands ~, ${userHome} and ${workspaceFolder}', () => {
    assert.equal(expandConfiguredPath('~/.cargo/bin/flowspec', '/ws', '/home/me', 'linux'), '/home/me/.cargo/bin/flowspec');
    assert.equal(expandConfiguredPath('${userHome}/x/flowspec', '/ws', '/home/me', 'linux'), '/home/me/x/flowspec');
    assert.equal(expandConfiguredPath('${workspaceFolder}/target/release/flowspec', '/ws', '/home/me', 'linux'), '/ws/target/release/flowspec');
  });

  it('takes a relative path from the workspace folder', () => {
    assert.equal(expandConfiguredPath('target/release/flowspec', '/ws', '/home/me', 'linux'), '/ws/target/release/flowspec');
    assert.equal(expandConfiguredPath('./bin/../flowspec', '/ws', '/home/me', 'linux'), '/ws/flowspec');
  });
});

describe('searchPath', () => {
  it('skips empty PATH entries', () => {
    const r = searchPath('flowspec', { PATH: ':/usr/bin:' }, 'linux', fs([]));
    assert.deepEqual(r.searched, ['/usr/bin/flowspec']);
  });
});

describe('serverSettings', () => {
  it('sends the severities and the inlay hint switch, nothing else', () => {
    const section: Record<string, unknown> = {
      diagnostics: { 'unanswered-volume': 'off', 'manual-step': 'information', bad: 3 },
      'inlayHints.enabled': false,
      'server.path': '/x',
    };
    assert.deepEqual(serverSettings((k) => section[k]), {
      diagnostics: { 'unanswered-volume': 'off', 'manual-step': 'information' },
      inlayHints: { enabled: false },
    });
  });

  it('has defaults', () => {
    assert.deepEqual(serverSettings(() => undefined), { diagnostics: {}, inlayHints: { enabled: true } });
  });
});
