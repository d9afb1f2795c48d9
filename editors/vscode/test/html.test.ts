import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { METHOD_NOT_FOUND, cleanSvg, diagramError, diagramHtml, escapeHtml, reportInWebview, svgOf } from '../src/html';

const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>commcare</text></svg>';

describe('svgOf', () => {
  it('accepts { svg } and keeps only the svg element', () => {
    assert.equal(svgOf({ svg }), svg);
    assert.equal(svgOf({ svg: `<?xml version="1.0"?>\n<!DOCTYPE svg>\n${svg}\n` }), svg);
  });

  it('rejects anything else', () => {
    for (const bad of [null, undefined, 'x', { svg: 3 }, { svg: '<div></div>' }, {}]) {
      assert.equal(svgOf(bad), undefined);
    }
  });

  it('drops scripts and event handlers', () => {
    const dirty = '<svg><script>alert(1)</script><g onclick="alert(2)" fill="red"><text>a</text></g></svg>';
    assert.equal(cleanSvg(dirty), '<svg><g fill="red"><text>a</text></g></svg>');
  });
});

describe('diagramHtml', () => {
  it('shows the svg under a policy that allows no script', () => {
    const html = diagramHtml({ title: 'flows.flow', svg }, 'vscode-resource:');
    assert.ok(html.includes(svg));
    const csp = /Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /script-src/);
    assert.doesNotMatch(html, /<script/);
    assert.ok(html.includes('<title>Diagram: flows.flow</title>'));
  });

  it('keeps the last picture, faded, under an error', () => {
    const html = diagramHtml({ title: 'x', svg, error: 'The diagram could not be drawn: <boom>' }, 'src:');
    assert.ok(html.includes('class="paper stale"'));
    assert.ok(html.includes('could not be drawn: &lt;boom&gt;'));
  });

  it('escapes the title and notes', () => {
    const html = diagramHtml({ title: '<a>.flow', note: '"x" & y' }, 'src:');
    assert.ok(html.includes('Diagram: &lt;a&gt;.flow'));
    assert.ok(html.includes('&quot;x&quot; &amp; y'));
    assert.equal(escapeHtml(`<'&">`), '&lt;&#39;&amp;&quot;&gt;');
  });
});

describe('diagramError', () => {
  it('explains a server without flowspec/diagram', () => {
    assert.match(diagramError({ code: METHOD_NOT_FOUND, message: 'Method not found' }), /does not answer flowspec\/diagram/);
    assert.match(diagramError(new Error('no such file')), /could not be drawn: no such file/);
  });
});

describe('reportInWebview', () => {
  it('puts a policy right after <head>', () => {
    const page = reportInWebview('<!DOCTYPE html><html><head><title>r</title></head><body><header>h</header></body></html>', 'src:');
    assert.match(page, /^<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*"><title>r<\/title>/);
    assert.doesNotMatch(page, /script-src/);
  });

  it('wraps a fragment', () => {
    assert.match(reportInWebview('<header>x</header>', 'src:'), /<head><meta http-equiv="Content-Security-Policy"[^>]*><\/head><body><header>x<\/header>/);
  });
});
