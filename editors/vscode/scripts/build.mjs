// Builds the extension: copies the TextMate grammar from ../../grammar (the
// one source of truth; it is not kept in this folder) and bundles the code
// with esbuild.
//
//   node scripts/build.mjs               dist/extension.js (with a source map)
//   node scripts/build.mjs --production  minified, no source map (vsce runs this)
//   node scripts/build.mjs --tests       also the unit tests, to out/test/
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');

// The grammar: checked to be JSON with the scope the manifest names.
const grammarSource = join(root, '..', '..', 'grammar', 'flow.tmLanguage.json');
const grammar = JSON.parse(readFileSync(grammarSource, 'utf8'));
if (grammar.scopeName !== 'source.flow') {
  throw new Error(`${grammarSource}: scopeName is ${grammar.scopeName}, the manifest says source.flow`);
}
mkdirSync(join(root, 'syntaxes'), { recursive: true });
copyFileSync(grammarSource, join(root, 'syntaxes', 'flow.tmLanguage.json'));

rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src', 'extension.ts')],
  outfile: join(root, 'dist', 'extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  external: ['vscode'],
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
});

if (tests) {
  rmSync(join(root, 'out'), { recursive: true, force: true });
  const entryPoints = readdirSync(join(root, 'test'))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(root, 'test', f));
  await build({
    entryPoints,
    outdir: join(root, 'out', 'test'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    // The unit tests cover the modules that do not need VS Code.
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
