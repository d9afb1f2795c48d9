// The diagram preview: a webview beside the editor showing the SVG that the
// server returns for `flowspec/diagram`, redrawn (debounced) as you type.
//
// In file mode it follows the active `.flow` editor, like the Markdown
// preview; in workspace mode it draws every flow of the workspace.

import * as path from 'node:path';
import * as vscode from 'vscode';

import { Debouncer, Latest } from './debounce';
import {
  DIAGRAM_REQUEST,
  type DiagramParams,
  type DiagramView,
  diagramError,
  diagramHtml,
  svgOf,
} from './html';
import type { Flowspec } from './extension';

export type DiagramMode = 'file' | 'workspace';

export const DIAGRAM_VIEW_TYPE = 'flowspec.diagram';

export class DiagramPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private mode: DiagramMode = 'file';
  private document: vscode.Uri | undefined;
  private view: DiagramView = { title: '' };
  private readonly debouncer = new Debouncer(300);
  private readonly latest = new Latest();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly ext: Flowspec) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document.languageId === 'flow' && e.contentChanges.length > 0) {
          // Any .flow edit may change the picture: a file's diagram shows
          // steps declared in other files.
          this.scheduleRefresh();
        }
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.panel && doc.languageId === 'flow') {
          this.scheduleRefresh();
        }
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && this.mode === 'file' && editor?.document.languageId === 'flow') {
          if (editor.document.uri.toString() !== this.document?.toString()) {
            this.document = editor.document.uri;
            this.view = { title: path.basename(editor.document.uri.fsPath) };
            this.updateTitle();
            void this.refresh();
          }
        }
      }),
      ext.onClientChanged((client) => {
        if (this.panel && client) {
          void this.refresh();
        }
      }),
    );
  }

  /** Opens (or reveals) the preview. */
  async open(mode: DiagramMode, uri?: vscode.Uri): Promise<void> {
    let document = uri;
    if (mode === 'file' && !document) {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document.languageId === 'flow') {
        document = editor.document.uri;
      } else {
        document = vscode.window.visibleTextEditors.find((e) => e.document.languageId === 'flow')?.document.uri;
      }
      if (!document) {
        void vscode.window.showInformationMessage('Flowspec: open a .flow file to see its diagram, or open the diagram of the whole workspace.');
        return;
      }
    }
    this.mode = mode;
    this.document = mode === 'file' ? document : undefined;
    this.view = { title: mode === 'file' && document ? path.basename(document.fsPath) : 'workspace' };
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      this.panel = vscode.window.createWebviewPanel(
        DIAGRAM_VIEW_TYPE,
        '',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableFindWidget: true, retainContextWhenHidden: false, localResourceRoots: [] },
      );
      this.panel.iconPath = vscode.Uri.joinPath(this.ext.context.extensionUri, 'images', 'icon.png');
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.debouncer.cancel();
      });
      this.panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) {
          this.render();
        }
      });
    }
    this.updateTitle();
    await this.refresh();
  }

  private updateTitle(): void {
    if (this.panel) {
      this.panel.title = `Diagram: ${this.view.title}`;
    }
  }

  private scheduleRefresh(): void {
    const delay = vscode.workspace.getConfiguration('flowspec').get<number>('diagram.debounceMs') ?? 300;
    this.debouncer.setDelay(delay);
    this.debouncer.schedule(() => void this.refresh());
  }

  /** Asks the server for the SVG and shows it; only the latest answer is used. */
  async refresh(): Promise<void> {
    if (!this.panel) {
      return;
    }
    const ticket = this.latest.next();
    const client = this.ext.runningClient();
    if (!client) {
      this.view = { ...this.view, note: 'Waiting for the Flowspec language server…', error: undefined };
      this.render();
      return;
    }
    const params: DiagramParams = this.mode === 'file' && this.document ? { uri: client.code2ProtocolConverter.asUri(this.document) } : {};
    try {
      const result = await client.sendRequest(DIAGRAM_REQUEST, params);
      if (!this.latest.isCurrent(ticket)) {
        return;
      }
      const svg = svgOf(result);
      if (svg) {
        this.view = { title: this.view.title, svg };
      } else {
        this.view = { ...this.view, note: undefined, error: 'The language server answered flowspec/diagram without an SVG.' };
      }
    } catch (e) {
      if (!this.latest.isCurrent(ticket)) {
        return;
      }
      this.view = { ...this.view, note: undefined, error: diagramError(e) };
    }
    this.render();
  }

  private render(): void {
    if (this.panel) {
      this.panel.webview.html = diagramHtml(this.view, this.panel.webview.cspSource);
    }
  }

  dispose(): void {
    this.debouncer.cancel();
    this.panel?.dispose();
    for (const s of this.subscriptions) {
      s.dispose();
    }
  }
}
