#!/usr/bin/env bash
# Installs this folder's npm packages (code-server 4.100.3, playwright-core)
# on a machine that reaches only the package registries:
#   - code-server's ripgrep module downloads ripgrep: its download cache is
#     seeded from Debian's ripgrep (apt-get install ripgrep);
#   - a postinstall runs `npx node-gyp`: npm_config_yes=true answers npx;
#   - native modules are built here, never downloaded prebuilt
#     (npm_config_build_from_source; argon2 needs g++ and make, kerberos
#     libkrb5-dev), as root: --unsafe-perm --foreground-scripts.
# Needs: Node.js 20, npm, ripgrep, libkrb5-dev, build tools (g++ make python3).
set -euo pipefail
cd "$(dirname "$0")"

rg_bin="$(command -v rg || true)"
if [ -z "$rg_bin" ]; then
  echo "ripgrep is required (apt-get install ripgrep)" >&2
  exit 1
fi
cache_root="$(mktemp -d)"
trap 'rm -rf "$cache_root"' EXIT
mkdir -p "$cache_root/vscode-ripgrep-cache-1.15.11"
tar czf "$cache_root/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
  -C "$(dirname "$rg_bin")" "$(basename "$rg_bin")"

TMPDIR="$cache_root" npm_config_yes=true npm_config_build_from_source=true \
  npm ci --unsafe-perm --foreground-scripts --no-audit --no-fund --loglevel=error
test -x node_modules/.bin/code-server
