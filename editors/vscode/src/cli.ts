// Running the `flowspec` command line (export, report). Pure apart from
// spawning the process: no `vscode` import.

import { execFile } from 'node:child_process';

export interface RunResult {
  /** The exit status; null when the process was killed or did not start. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started at all. */
  error?: string;
}

/** Runs `binary args…` in `cwd`, collecting its output. Never rejects. */
export function runFlowspec(binary: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') {
          // ENOENT, EACCES…: the program did not start.
          resolve({ code: null, stdout: String(stdout), stderr: String(stderr), error: error.message });
          return;
        }
        const code = error ? ((error as { code?: number }).code ?? null) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr), error: error && code === null ? error.message : undefined });
      },
    );
  });
}

/**
 * `flowspec export openfn FOLDER -o OUT [--format F] [--force]` (and
 * `--flow NAME` for one flow). The format follows the file chosen: `.json` a
 * workflow plan, `.yaml` one 4.0 project file, anything else the 4.0
 * workspace folder (the command line's default).
 */
export function exportArgs(folder: string, out: string, options: { force?: boolean; flow?: string } = {}): string[] {
  const args = ['export', 'openfn', folder, '-o', out];
  const lower = out.toLowerCase();
  if (lower.endsWith('.json')) {
    args.push('--format', 'workflow-json');
  } else if (lower.endsWith('.yaml') || lower.endsWith('.yml')) {
    args.push('--format', 'project');
  }
  if (options.flow) {
    args.push('--flow', options.flow);
  }
  if (options.force) {
    args.push('--force');
  }
  return args;
}

/** `flowspec import openfn PATH -o OUT [--force]`. */
export function importArgs(input: string, out: string, options: { force?: boolean } = {}): string[] {
  const args = ['import', 'openfn', input, '-o', out];
  if (options.force) {
    args.push('--force');
  }
  return args;
}

/**
 * Where an import writes the design, as the command line does: beside the
 * project file with its name (`dir/project.yaml` → `dir/project.flow`), or
 * beside a workspace folder with the folder's name (`dir/ws` → `dir/ws.flow`).
 */
export function importedDesignPath(input: string, isFolder: boolean): string {
  const trimmed = input.replace(/[\\/]+$/, '');
  const slash = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  const dir = slash >= 0 ? trimmed.slice(0, slash + 1) : '';
  const base = trimmed.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  const stem = isFolder || dot <= 0 ? base : base.slice(0, dot);
  return `${dir}${stem || 'openfn'}.flow`;
}

/** The project an import keeps beside the design: `x.flow` → `x.openfn.yaml`. */
export function keptProjectPath(design: string): string {
  return design.replace(/\.flow$/, '') + '.openfn.yaml';
}

/** `flowspec report FOLDER -o OUT`. */
export function reportArgs(folder: string, out: string): string[] {
  return ['report', folder, '-o', out];
}

/** A one-line summary of a failed run, for a notification. */
export function failureSummary(what: string, result: RunResult): string {
  if (result.error && result.code === null) {
    return `${what} could not run: ${result.error}`;
  }
  const firstLine = result.stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return `${what} failed (exit status ${result.code ?? 'unknown'})${firstLine ? `: ${firstLine}` : ''}`;
}

/** Whether the binary is too old to know a subcommand (clap's usage error). */
export function isUnknownSubcommand(result: RunResult, subcommand: string): boolean {
  return result.code === 2 && /unrecognized subcommand/i.test(result.stderr) && result.stderr.includes(subcommand);
}
