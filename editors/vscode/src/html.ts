// The pages of the webviews (diagram preview, report). Pure: no `vscode`
// import.
//
// The SVG comes from the server (`flowspec/diagram`). The page allows no
// script at all (the webview is created without scripts, and the content
// security policy forbids them), so text from a design that reached the SVG
// cannot run anything even if it were not escaped.

/** The custom request and its contract with the server. */
export const DIAGRAM_REQUEST = 'flowspec/diagram';
export interface DiagramParams {
  /** A document's URI; absent for the whole workspace. */
  uri?: string;
}
export interface DiagramResult {
  svg: string;
}

/** JSON-RPC's "method not found": a server without diagrams. */
export const METHOD_NOT_FOUND = -32601;

export interface DiagramView {
  /** What the diagram shows: a file name, or "workspace". */
  title: string;
  /** The last SVG received (kept when a later update fails). */
  svg?: string;
  /** Why the diagram could not be updated. */
  error?: string;
  /** A note (e.g. "waiting for the language server"). */
  note?: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Keeps only the `<svg>…</svg>` element: no XML prolog, doctype or scripts. */
export function cleanSvg(svg: string): string | undefined {
  const start = svg.search(/<svg[\s>]/i);
  const end = svg.toLowerCase().lastIndexOf('</svg>');
  if (start < 0 || end < start) {
    return undefined;
  }
  return svg
    .slice(start, end + '</svg>'.length)
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '');
}

/** Validates a `flowspec/diagram` result. */
export function svgOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) {
    return undefined;
  }
  const svg = (result as { svg?: unknown }).svg;
  return typeof svg === 'string' ? cleanSvg(svg) : undefined;
}

/** The whole page for a state of the preview. */
export function diagramHtml(view: DiagramView, cspSource: string): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource} data:`,
    "style-src 'unsafe-inline'",
  ].join('; ');
  const banner = view.error
    ? `<div class="banner error" role="alert">${escapeHtml(view.error)}</div>`
    : view.note
      ? `<div class="banner note">${escapeHtml(view.note)}</div>`
      : '';
  const body = view.svg
    ? `<div class="paper${view.error ? ' stale' : ''}" data-flowspec-diagram>${view.svg}</div>`
    : view.error || view.note
      ? ''
      : '<p class="empty">Nothing to draw yet.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Diagram: ${escapeHtml(view.title)}</title>
<style>
  body { margin: 0; padding: 12px; font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); }
  .paper { background: #ffffff; border-radius: 6px; padding: 12px; overflow: auto; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
  .paper svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
  .stale { opacity: 0.55; }
  .banner { padding: 6px 10px; margin-bottom: 10px; border-radius: 4px; white-space: pre-wrap; }
  .error { background: var(--vscode-inputValidation-errorBackground, #5a1d1d); border: 1px solid var(--vscode-inputValidation-errorBorder, #be1100); }
  .note { background: var(--vscode-inputValidation-infoBackground, #063b49); border: 1px solid var(--vscode-inputValidation-infoBorder, #007acc); }
  .empty { opacity: 0.7; }
</style>
</head>
<body>
${banner}
${body}
</body>
</html>`;
}

/** A readable reason for a failed `flowspec/diagram` request. */
export function diagramError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === METHOD_NOT_FOUND) {
    return 'This version of the flowspec language server cannot draw diagrams (it does not answer flowspec/diagram). Update flowspec.';
  }
  const message = (error as { message?: unknown } | undefined)?.message;
  return `The diagram could not be drawn: ${typeof message === 'string' ? message : String(error)}`;
}

/**
 * A report page (`flowspec report`) made fit for a webview: a content
 * security policy that allows its inline styles and images, and no script.
 */
export function reportInWebview(html: string, cspSource: string): string {
  const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'unsafe-inline'; font-src data:">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) {
    return html.slice(0, head.index + head[0].length) + csp + html.slice(head.index + head[0].length);
  }
  return `<!DOCTYPE html><html><head>${csp}</head><body>${html}</body></html>`;
}

