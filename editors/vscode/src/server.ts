// Finding the `flowspec` binary. Pure: no `vscode` import, so the unit
// tests run it under Node with a fake file system.
//
// The order: the `flowspec.server.path` setting, else the binary bundled in
// the extension (`server/flowspec`), else `flowspec` on PATH.

import * as path from 'node:path';
import * as os from 'node:os';

export type ServerSource = 'setting' | 'bundled' | 'path';

export type Resolution =
  | { kind: 'found'; path: string; source: ServerSource }
  /** The setting names a file that is not there (or cannot be run). */
  | { kind: 'bad-setting'; configured: string; path: string }
  /** Nothing anywhere. */
  | { kind: 'missing'; searched: string[] };

export interface ResolveInput {
  /** `flowspec.server.path`, as the user wrote it ('' or undefined: unset). */
  configured?: string;
  /** The first workspace folder, for relative paths and `${workspaceFolder}`. */
  workspaceFolder?: string;
  /** The extension's own folder (holds `server/` when a binary is bundled). */
  extensionPath: string;
  platform?: NodeJS.Platform;
  /** The PATH variable (and PATHEXT on Windows). */
  env?: { PATH?: string; Path?: string; PATHEXT?: string; HOME?: string };
  /** Whether a file exists and can be run. */
  isExecutable: (file: string) => boolean;
  /** Whether a file exists at all (to tell "not runnable" from "not there"). */
  exists?: (file: string) => boolean;
}

/** The binary's file name on a platform. */
export function binaryName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'flowspec.exe' : 'flowspec';
}

/** Where a bundled binary lives inside the extension. */
export function bundledPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return join(extensionPath, 'server', binaryName(platform));
}

/**
 * Expands `~`, `${userHome}` and `${workspaceFolder}` in a configured path,
 * and makes a relative path absolute from the workspace folder.
 */
export function expandConfiguredPath(
  configured: string,
  workspaceFolder: string | undefined,
  home: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  let out = configured.trim();
  out = out.replace(/\$\{userHome\}/g, home);
  if (workspaceFolder) {
    out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (out === '~') {
    out = home;
  } else if (out.startsWith('~/') || (platform === 'win32' && out.startsWith('~\\'))) {
    out = p.join(home, out.slice(2));
  }
  if (!p.isAbsolute(out) && workspaceFolder) {
    out = p.join(workspaceFolder, out);
  }
  return p.normalize(out);
}

/** Looks a program up in PATH the way a shell would. */
export function searchPath(
  program: string,
  env: ResolveInput['env'],
  platform: NodeJS.Platform,
  isExecutable: (file: string) => boolean,
): { found?: string; searched: string[] } {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const pathVar = env?.PATH ?? env?.Path ?? '';
  const dirs = pathVar.split(p.delimiter).filter((d) => d.length > 0);
  const exts =
    platform === 'win32'
      ? ['', ...(env?.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter((e) => e.length > 0)]
      : [''];
  const searched: string[] = [];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = p.join(dir, program + ext.toLowerCase());
      searched.push(candidate);
      if (isExecutable(candidate)) {
        return { found: candidate, searched };
      }
    }
  }
  return { searched };
}

/** Decides which binary runs the language server. */
export function resolveServer(input: ResolveInput): Resolution {
  const platform = input.platform ?? process.platform;
  const home = input.env?.HOME ?? os.homedir();
  const configured = input.configured?.trim();
  if (configured) {
    const file = expandConfiguredPath(configured, input.workspaceFolder, home, platform);
    if (input.isExecutable(file)) {
      return { kind: 'found', path: file, source: 'setting' };
    }
    return { kind: 'bad-setting', configured, path: file };
  }
  const bundled = bundledPath(input.extensionPath, platform);
  if (input.isExecutable(bundled)) {
    return { kind: 'found', path: bundled, source: 'bundled' };
  }
  const onPath = searchPath('flowspec', input.env, platform, input.isExecutable);
  if (onPath.found) {
    return { kind: 'found', path: onPath.found, source: 'path' };
  }
  return { kind: 'missing', searched: [bundled, ...onPath.searched] };
}

/** The message shown when no server can be started. */
export function describeProblem(resolution: Exclude<Resolution, { kind: 'found' }>): string {
  if (resolution.kind === 'bad-setting') {
    return (
      `Flowspec: the setting flowspec.server.path is "${resolution.configured}", ` +
      `but ${resolution.path} is not a program that can be run. ` +
      'Fix the setting, or clear it to use the bundled binary or `flowspec` on your PATH.'
    );
  }
  return (
    'Flowspec: the language server `flowspec` was not found: this extension has no bundled binary ' +
    'for this platform and there is no `flowspec` on your PATH. Install it (`cargo install --path crates/flowspec` ' +
    'in the Flowspec repository) or set flowspec.server.path.'
  );
}

/** How the server is started: `flowspec lsp` (vscode-languageclient adds `--stdio`). */
export const SERVER_ARGS = ['lsp'];

/** Where the install steps are. */
export const INSTALL_URL = 'https://github.com/flowspec/flowspec#install';

/**
 * The parts of the `flowspec` settings section that the server reads, sent
 * as `initializationOptions` (later changes go through
 * `workspace/didChangeConfiguration`). `get` reads a key of the section.
 */
export function serverSettings(get: (key: string) => unknown): { diagnostics: Record<string, string>; inlayHints: { enabled: boolean } } {
  const diagnostics: Record<string, string> = {};
  const configured = get('diagnostics');
  if (configured && typeof configured === 'object') {
    for (const [code, level] of Object.entries(configured as Record<string, unknown>)) {
      if (typeof level === 'string') {
        diagnostics[code] = level;
      }
    }
  }
  const enabled = get('inlayHints.enabled');
  return { diagnostics, inlayHints: { enabled: typeof enabled === 'boolean' ? enabled : true } };
}
