// Commands that run the `flowspec` command line: export to OpenFn and the
// design report.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

import {
  exportArgs,
  failureSummary,
  importArgs,
  importedDesignPath,
  isUnknownSubcommand,
  keptProjectPath,
  reportArgs,
  runFlowspec,
} from './cli';
import { escapeHtml, reportInWebview } from './html';
import type { Flowspec } from './extension';
import { describeProblem } from './server';

/** The binary to run: the server's, else a fresh look-up. */
function binary(ext: Flowspec): string | undefined {
  if (ext.serverPath) {
    return ext.serverPath;
  }
  const resolution = ext.resolve();
  if (resolution.kind === 'found') {
    return resolution.path;
  }
  void vscode.window.showErrorMessage(describeProblem(resolution));
  return undefined;
}

/**
 * The folder a command works on: the one given (from the Explorer or a
 * document), else the only workspace folder, else one the user picks, else
 * the active file's folder.
 */
async function designFolder(resource: vscode.Uri | undefined): Promise<string | undefined> {
  if (resource?.scheme === 'file') {
    try {
      if (fs.statSync(resource.fsPath).isDirectory()) {
        return resource.fsPath;
      }
    } catch {
      // Not on disk: fall through.
    }
    const folder = vscode.workspace.getWorkspaceFolder(resource);
    return folder ? folder.uri.fsPath : path.dirname(resource.fsPath);
  }
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 1) {
    return folders[0].uri.fsPath;
  }
  if (folders.length > 1) {
    const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'The design to use' });
    return picked?.uri.fsPath;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') {
    return path.dirname(active.fsPath);
  }
  void vscode.window.showInformationMessage('Flowspec: open a folder holding .flow files first.');
  return undefined;
}

/** `Flowspec: Export to OpenFn…`, and the export lens of a flow (`flow` set). */
export async function exportOpenFn(ext: Flowspec, resource?: vscode.Uri, flow?: string): Promise<void> {
  const bin = binary(ext);
  const folder = await designFolder(resource);
  if (!bin || !folder) {
    return;
  }
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(path.join(folder, flow ? `${flow}.yaml` : 'project.yaml')),
    filters: { 'OpenFn 4.0 project (YAML)': ['yaml', 'yml'], 'OpenFn workflow (JSON)': ['json'] },
    saveLabel: 'Export',
    title: flow ? `Export the flow ${flow} to OpenFn` : 'Export the design to an OpenFn project',
  });
  if (!target) {
    return;
  }
  const out = target.fsPath;
  // The save dialog has already asked before replacing a file.
  const args = exportArgs(folder, out, { force: fs.existsSync(out), flow });
  ext.output.appendLine(`[flowspec] ${bin} ${args.join(' ')}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Flowspec: exporting to OpenFn…' },
    () => runFlowspec(bin, args, folder),
  );
  if (result.stderr.trim()) {
    ext.output.appendLine(result.stderr.trimEnd());
  }
  if (isUnknownSubcommand(result, 'export')) {
    void vscode.window.showErrorMessage('Flowspec: the flowspec binary in use cannot export yet: update flowspec (its path is in the Flowspec output).');
    return;
  }
  if (result.code !== 0) {
    const choice = await vscode.window.showErrorMessage(`Flowspec: ${failureSummary('the export', result)}`, 'Show Output');
    if (choice) {
      ext.output.show(true);
    }
    return;
  }
  const actions = result.stderr.trim() ? ['Open', 'Show Notes'] : ['Open'];
  const choice = await vscode.window.showInformationMessage(`Flowspec: exported to ${path.basename(out)}.`, ...actions);
  if (choice === 'Open') {
    await vscode.window.showTextDocument(target);
  } else if (choice === 'Show Notes') {
    ext.output.show(true);
  }
}

/**
 * `Flowspec: Import OpenFn project…`: a project file (v1 project.yaml, 4.0
 * project file, Lightning state JSON) or a 4.0 workspace folder becomes a
 * design beside it, which opens.
 */
export async function importOpenFn(ext: Flowspec, resource?: vscode.Uri): Promise<void> {
  const bin = binary(ext);
  if (!bin) {
    return;
  }
  let input = resource?.scheme === 'file' ? resource : undefined;
  if (!input) {
    const picked = await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: false,
      filters: { 'OpenFn project': ['yaml', 'yml', 'json'] },
      openLabel: 'Import',
      title: 'Import an OpenFn project (a project file or a workspace folder)',
    });
    input = picked?.[0];
  }
  if (!input) {
    return;
  }
  const isFolder = fs.existsSync(input.fsPath) && fs.statSync(input.fsPath).isDirectory();
  const design = importedDesignPath(input.fsPath, isFolder);
  const kept = keptProjectPath(design);
  let force = false;
  const existing = [design, kept].filter((p) => fs.existsSync(p));
  if (existing.length > 0) {
    const replace = await vscode.window.showWarningMessage(
      `Flowspec: ${existing.map((p) => path.basename(p)).join(' and ')} already ${existing.length > 1 ? 'exist' : 'exists'}. Replace?`,
      { modal: true },
      'Replace',
    );
    if (replace !== 'Replace') {
      return;
    }
    force = true;
  }
  const args = importArgs(input.fsPath, design, { force });
  const cwd = path.dirname(design);
  ext.output.appendLine(`[flowspec] ${bin} ${args.join(' ')}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Flowspec: importing the OpenFn project…' },
    () => runFlowspec(bin, args, cwd),
  );
  if (result.stderr.trim()) {
    ext.output.appendLine(result.stderr.trimEnd());
  }
  if (isUnknownSubcommand(result, 'import')) {
    void vscode.window.showErrorMessage('Flowspec: the flowspec binary in use cannot import yet: update flowspec (its path is in the Flowspec output).');
    return;
  }
  if (result.code !== 0) {
    const choice = await vscode.window.showErrorMessage(`Flowspec: ${failureSummary('the import', result)}`, 'Show Output');
    if (choice) {
      ext.output.show(true);
    }
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(design));
}

export const REPORT_VIEW_TYPE = 'flowspec.report';

/** `Flowspec: Open Design Report`: runs `flowspec report` to a temporary file and opens it. */
export async function openReport(ext: Flowspec, resource?: vscode.Uri): Promise<void> {
  const bin = binary(ext);
  const folder = await designFolder(resource);
  if (!bin || !folder) {
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowspec-report-'));
  const out = path.join(dir, 'design.html');
  const args = reportArgs(folder, out);
  ext.output.appendLine(`[flowspec] ${bin} ${args.join(' ')}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Flowspec: writing the design report…' },
    () => runFlowspec(bin, args, folder),
  );
  if (result.stderr.trim()) {
    ext.output.appendLine(result.stderr.trimEnd());
  }
  if (isUnknownSubcommand(result, 'report')) {
    void vscode.window.showErrorMessage('Flowspec: the flowspec binary in use cannot write reports yet: update flowspec (its path is in the Flowspec output).');
    return;
  }
  const written = fs.existsSync(out) ? fs.statSync(out).size : 0;
  if (result.code !== 0 || written === 0) {
    const summary = result.code === 0 ? 'the report is empty' : failureSummary('the report', result);
    const choice = await vscode.window.showErrorMessage(`Flowspec: ${summary}`, 'Show Output');
    if (choice) {
      ext.output.show(true);
    }
    return;
  }
  // Shown inside VS Code (works in remote windows too), with the file one
  // click away for a browser or for sending.
  const panel = vscode.window.createWebviewPanel(
    REPORT_VIEW_TYPE,
    `Report: ${path.basename(folder)}`,
    { viewColumn: vscode.ViewColumn.Active },
    { enableScripts: false, enableFindWidget: true, localResourceRoots: [] },
  );
  panel.iconPath = vscode.Uri.joinPath(ext.context.extensionUri, 'images', 'icon.png');
  try {
    panel.webview.html = reportInWebview(fs.readFileSync(out, 'utf8'), panel.webview.cspSource);
  } catch (e) {
    panel.webview.html = `<p>${escapeHtml(String(e))}</p>`;
  }
  const choice = await vscode.window.showInformationMessage(
    `Flowspec: the design report is in ${out}.`,
    'Open in Browser',
    'Save As…',
  );
  if (choice === 'Open in Browser') {
    await vscode.env.openExternal(vscode.Uri.file(out));
  } else if (choice === 'Save As…') {
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(path.join(folder, 'design.html')),
      filters: { 'HTML page': ['html'] },
    });
    if (target) {
      fs.copyFileSync(out, target.fsPath);
    }
  }
}
