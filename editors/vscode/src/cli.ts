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

/** `flowspec export openfn FOLDER -o OUT [--force]` (and `--flow NAME` for one flow). */
export function exportArgs(folder: string, out: string, options: { force?: boolean; flow?: string } = {}): string[] {
  const args = ['export', 'openfn', folder, '-o', out];
  if (options.flow) {
    args.push('--flow', options.flow);
  }
  if (options.force) {
    args.push('--force');
  }
  return args;
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
