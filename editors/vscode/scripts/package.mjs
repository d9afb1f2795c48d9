// npm run package: builds the .vsix with vsce (3.9.2: the last that runs on
// Node 20), as flowspec.vsix in this folder.
//
// When the release binary is there (../../target/release/flowspec, or the
// file named by FLOWSPEC_BINARY) and this is Linux x64, it is copied
// (stripped) to server/flowspec and the package targets linux-x64. Otherwise
// (or with --no-binary) the package is universal and runs the server named
// by the setting or found on PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binary = process.env.FLOWSPEC_BINARY || join(root, '..', '..', 'target', 'release', 'flowspec');
const wantBinary = !process.argv.includes('--no-binary');
const out = join(root, 'flowspec.vsix');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
}

rmSync(join(root, 'server'), { recursive: true, force: true });
rmSync(out, { force: true });

// Relative links in README.md point into this folder of the repository.
const repository = 'https://github.com/flowspec/flowspec';
const vsce = [
  join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package',
  '--no-dependencies',
  '--baseContentUrl',
  `${repository}/blob/HEAD/editors/vscode`,
  '--baseImagesUrl',
  `${repository}/raw/HEAD/editors/vscode`,
  '-o',
  out,
];
if (wantBinary && existsSync(binary) && process.platform === 'linux' && process.arch === 'x64') {
  const bundled = join(root, 'server', 'flowspec');
  mkdirSync(dirname(bundled), { recursive: true });
  copyFileSync(binary, bundled);
  chmodSync(bundled, 0o755);
  // The release build keeps line tables for backtraces; the bundled copy
  // does not need them (a tenth of the size).
  const strip = spawnSync('strip', [bundled], { stdio: 'inherit' });
  if (strip.error || strip.status !== 0) {
    console.warn('strip is not available: the binary is bundled unstripped');
  }
  console.log(`bundling ${binary} (${(statSync(bundled).size / 1e6).toFixed(1)} MB) for linux-x64`);
  vsce.push('--target', 'linux-x64');
} else {
  console.log(wantBinary ? `no release binary at ${binary}: a universal package without a server` : 'a universal package without a server');
}
run(process.execPath, vsce);
console.log(`wrote ${out}`);
