#!/usr/bin/env bash
# Runs every test of the project, as CI does. From the repository root:
#
#     ./scripts/test-all.sh
#
# Needs the Rust toolchain (with rustfmt and clippy) and Node.js with npm;
# .ci/run installs what a fresh machine lacks, then calls this script.
set -euo pipefail
cd "$(dirname "$0")/.."

# insta: never write snapshots here, fail on any difference.
export CI="${CI:-true}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n=== %s\n' "$*"; }

step "formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests: unit, fixtures, properties, end-to-end"
cargo test --workspace

step "OpenFn's own packages load and run the exported projects"
(cd tests/openfn && npm ci --no-audit --no-fund --loglevel=error && FLOWSPEC="$PWD/../../target/debug/flowspec" npm test)

step "Diagrams and reports rendered in headless Chromium"
tests/render/run.sh

step "VS Code extension: unit tests"
(cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error && npm test)

step "TextMate grammar tests"
(cd grammar && npm ci --no-audit --no-fund --loglevel=error && npm test)

step "all tests passed"
