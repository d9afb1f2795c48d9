// A stand-in for `flowspec/diagram` while the server does not answer it:
// a proxy between VS Code and the real `flowspec lsp` that passes every
// message through, except `flowspec/diagram` requests, which it answers
// itself with an SVG listing the flows of the document's current text (read
// from the server with `flowspec/documentText`). It lets the end-to-end test
// check the extension's side of the contract (request, webview, redraw as
// you type) before the server's side exists.
//
//   node diagram-stub.mjs /path/to/flowspec lsp --stdio

import { spawn } from 'node:child_process';

const [binary, ...args] = process.argv.slice(2);
const server = spawn(binary, args, { stdio: ['pipe', 'pipe', 'inherit'] });
server.on('exit', (code) => process.exit(code ?? 1));

/** Splits a byte stream into LSP messages. */
function reader(onMessage) {
  let buffer = Buffer.alloc(0);
  return (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) {
        return;
      }
      const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) {
        return;
      }
      const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      buffer = buffer.subarray(headerEnd + 4 + length);
      onMessage(JSON.parse(body));
    }
  };
}

function send(stream, message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  stream.write(`Content-Length: ${body.length}\r\n\r\n`);
  stream.write(body);
}

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function svgOf(text) {
  const flows = [...(text ?? '').matchAll(/^\s*flow\s+([A-Za-z_][\w-]*)\s*:\s*([^{\n]*)/gm)].map((m) => `${m[1]}: ${m[2].trim()}`);
  const lines = flows.length ? flows : ['(no named flow)'];
  const rows = lines.map((l, i) => `<text x="10" y="${30 + i * 24}" font-family="sans-serif" font-size="16">${escape(l)}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="520" height="${40 + lines.length * 24}" data-stub="flowspec-diagram-stub"><rect width="100%" height="100%" fill="#eef6f7"/>${rows}</svg>`;
}

const pending = new Map(); // our request id → the client's request id
let next = 0;

process.stdin.on(
  'data',
  reader((message) => {
    if (message.method === 'flowspec/diagram' && message.id !== undefined) {
      const uri = message.params?.uri;
      if (!uri) {
        send(process.stdout, { jsonrpc: '2.0', id: message.id, result: { svg: svgOf('flow workspace: all -> flows') } });
        return;
      }
      const id = `diagram-stub-${next++}`;
      pending.set(id, message.id);
      send(server.stdin, { jsonrpc: '2.0', id, method: 'flowspec/documentText', params: { uri } });
      return;
    }
    send(server.stdin, message);
  }),
);
process.stdin.on('end', () => server.stdin.end());

server.stdout.on(
  'data',
  reader((message) => {
    if (typeof message.id === 'string' && pending.has(message.id) && message.method === undefined) {
      const id = pending.get(message.id);
      pending.delete(message.id);
      send(process.stdout, message.error ? { jsonrpc: '2.0', id, error: message.error } : { jsonrpc: '2.0', id, result: { svg: svgOf(message.result) } });
      return;
    }
    send(process.stdout, message);
  }),
);
