// The Flowspec extension: starts `flowspec lsp` for `.flow` files and adds
// the commands that the protocol does not cover (diagram preview, export,
// report).

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

import { exportOpenFn, importOpenFn, openReport } from './commands';
import { DiagramPreview } from './diagram';
import {
  INSTALL_URL,
  SERVER_ARGS,
  type Resolution,
  bundledPath,
  describeProblem,
  resolveServer,
  serverSettings,
} from './server';

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export class Flowspec implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  client: LanguageClient | undefined;
  /** The binary the running server was started from. */
  serverPath: string | undefined;
  private readonly status: vscode.LanguageStatusItem;
  private lifecycle: Promise<void> = Promise.resolve();
  /** The client a pending restart will replace. */
  private retiring: LanguageClient | undefined;
  private readonly clientChanged = new vscode.EventEmitter<LanguageClient | undefined>();
  /** Fires when a server has started (or stopped: undefined). */
  readonly onClientChanged = this.clientChanged.event;

  constructor(readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Flowspec');
    this.status = vscode.languages.createLanguageStatusItem('flowspec.server', { language: 'flow' });
    this.status.name = 'Flowspec language server';
    this.setStatus('starting');
  }

  /** Finds the binary by the setting, the bundled copy, then PATH. */
  resolve(): Resolution {
    const config = vscode.workspace.getConfiguration('flowspec');
    const bundled = bundledPath(this.context.extensionPath);
    // A .vsix may lose the executable bit on the way: give it back.
    if (process.platform !== 'win32' && fs.existsSync(bundled) && !isExecutable(bundled)) {
      try {
        fs.chmodSync(bundled, 0o755);
      } catch {
        // Read-only install: the PATH is tried next.
      }
    }
    return resolveServer({
      configured: config.get<string>('server.path'),
      workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      extensionPath: this.context.extensionPath,
      env: process.env,
      isExecutable,
    });
  }

  /** Starts (or restarts) the server; one lifecycle change at a time. */
  restart(): Promise<void> {
    // Marked at once, so that the settings change that caused a restart is
    // not sent to the client being replaced (see the middleware).
    this.retiring = this.client;
    this.lifecycle = this.lifecycle.then(
      () => this.doRestart(),
      () => this.doRestart(),
    );
    return this.lifecycle;
  }

  stop(): Promise<void> {
    this.lifecycle = this.lifecycle.then(
      () => this.doStop(),
      () => this.doStop(),
    );
    return this.lifecycle;
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.serverPath = undefined;
    if (client) {
      this.clientChanged.fire(undefined);
      try {
        await client.dispose(2000);
      } catch (e) {
        this.output.appendLine(`[flowspec] stopping the server: ${String(e)}`);
      }
    }
  }

  private async doRestart(): Promise<void> {
    await this.doStop();
    const resolution = this.resolve();
    if (resolution.kind !== 'found') {
      this.setStatus('missing', describeProblem(resolution));
      this.output.appendLine(`[flowspec] ${describeProblem(resolution)}`);
      void this.notifyMissing(resolution);
      return;
    }
    this.output.appendLine(`[flowspec] starting ${resolution.path} ${SERVER_ARGS.join(' ')} (${sourceLabel(resolution.source)})`);
    const serverOptions: ServerOptions = {
      command: resolution.path,
      args: SERVER_ARGS,
      // vscode-languageclient adds `--stdio`, which `flowspec lsp` accepts.
      transport: TransportKind.stdio,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'flow' },
        { scheme: 'untitled', language: 'flow' },
      ],
      synchronize: { configurationSection: 'flowspec' },
      initializationOptions: serverSettings((key) => vscode.workspace.getConfiguration('flowspec').get(key)),
      outputChannel: this.output,
      traceOutputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      diagnosticCollectionName: 'flowspec',
      markdown: { isTrusted: false, supportHtml: false },
      middleware: {
        workspace: {
          // A client being replaced (the server path changed) must not try
          // to send the new settings: it would start its server again.
          didChangeConfiguration: (sections, next) =>
            this.client === client && this.retiring !== client ? next(sections) : Promise.resolve(),
        },
      },
    };
    const client = new LanguageClient('flowspec', 'Flowspec', serverOptions, clientOptions);
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped && this.client === client) {
        this.setStatus('stopped');
      }
    });
    this.client = client;
    this.serverPath = resolution.path;
    try {
      await client.start();
    } catch (e) {
      this.setStatus('failed', String(e));
      void vscode.window.showErrorMessage(`Flowspec: the language server did not start: ${String(e)}`, 'Show Output').then(
        (choice) => {
          if (choice) {
            this.output.show(true);
          }
        },
      );
      return;
    }
    const info = client.initializeResult?.serverInfo;
    this.setStatus('running', `${info?.name ?? 'flowspec'} ${info?.version ?? ''}`.trim() + ` · ${sourceLabel(resolution.source)}`);
    this.clientChanged.fire(client);
  }

  private async notifyMissing(resolution: Exclude<Resolution, { kind: 'found' }>): Promise<void> {
    const install = 'How to Install';
    const settings = 'Open Settings';
    const choice = await vscode.window.showErrorMessage(describeProblem(resolution), install, settings);
    if (choice === install) {
      await vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    } else if (choice === settings) {
      // In a remote window (SSH, WSL, code-server) the extension runs on the
      // remote machine, and the setting (machine-overridable) is in the
      // Remote tab: the User tab would find nothing.
      if (vscode.env.remoteName) {
        await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query: 'flowspec.server.path' });
      } else {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'flowspec.server.path');
      }
    }
  }

  private setStatus(state: 'starting' | 'running' | 'stopped' | 'missing' | 'failed', detail?: string): void {
    const s = this.status;
    s.detail = detail;
    s.busy = state === 'starting';
    switch (state) {
      case 'starting':
        s.text = 'Flowspec: starting';
        s.severity = vscode.LanguageStatusSeverity.Information;
        s.command = { title: 'Show Output', command: 'flowspec.showOutput' };
        break;
      case 'running':
        s.text = 'Flowspec';
        s.severity = vscode.LanguageStatusSeverity.Information;
        s.command = { title: 'Show Output', command: 'flowspec.showOutput' };
        break;
      case 'stopped':
        s.text = 'Flowspec: stopped';
        s.severity = vscode.LanguageStatusSeverity.Warning;
        s.command = { title: 'Restart', command: 'flowspec.restartServer' };
        break;
      case 'missing':
        s.text = 'Flowspec: server not found';
        s.severity = vscode.LanguageStatusSeverity.Error;
        s.command = { title: 'How to Install', command: 'vscode.open', arguments: [vscode.Uri.parse(INSTALL_URL)] };
        break;
      case 'failed':
        s.text = 'Flowspec: server failed';
        s.severity = vscode.LanguageStatusSeverity.Error;
        s.command = { title: 'Show Output', command: 'flowspec.showOutput' };
        break;
    }
  }

  /** The running client, or undefined (with a message) when there is none. */
  runningClient(): LanguageClient | undefined {
    const client = this.client;
    return client && client.state === State.Running ? client : undefined;
  }

  dispose(): void {
    void this.stop();
    this.status.dispose();
    this.clientChanged.dispose();
    this.output.dispose();
  }
}

function sourceLabel(source: 'setting' | 'bundled' | 'path'): string {
  switch (source) {
    case 'setting':
      return 'from flowspec.server.path';
    case 'bundled':
      return 'bundled with the extension';
    case 'path':
      return 'from PATH';
  }
}

let flowspec: Flowspec | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Flowspec> {
  const ext = new Flowspec(context);
  flowspec = ext;
  context.subscriptions.push(ext);
  const diagram = new DiagramPreview(ext);
  context.subscriptions.push(diagram);

  context.subscriptions.push(
    vscode.commands.registerCommand('flowspec.restartServer', () => ext.restart()),
    vscode.commands.registerCommand('flowspec.showOutput', () => ext.output.show(true)),
    vscode.commands.registerCommand('flowspec.openDiagram', (uri?: vscode.Uri) => diagram.open('file', uri)),
    vscode.commands.registerCommand('flowspec.openWorkspaceDiagram', () => diagram.open('workspace')),
    vscode.commands.registerCommand('flowspec.exportOpenFn', (uri?: vscode.Uri) => exportOpenFn(ext, uri)),
    vscode.commands.registerCommand('flowspec.exportFlow', (arg?: { uri?: string; flow?: string }) =>
      exportOpenFn(ext, arg?.uri ? vscode.Uri.parse(arg.uri) : undefined, arg?.flow),
    ),
    vscode.commands.registerCommand('flowspec.openReport', (uri?: vscode.Uri) => openReport(ext, uri)),
    vscode.commands.registerCommand('flowspec.importOpenFn', (uri?: vscode.Uri) => importOpenFn(ext, uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('flowspec.server.path')) {
        void ext.restart();
      }
    }),
  );
  void vscode.commands.executeCommand('setContext', 'flowspec.active', true);
  await ext.restart();
  return ext;
}

export async function deactivate(): Promise<void> {
  await flowspec?.stop();
  flowspec = undefined;
}
