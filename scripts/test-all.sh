#!/usr/bin/env bash
# Runs every test of the project, as CI does. From the repository root:
#
#     ./scripts/test-all.sh
#
# Needs the Rust toolchain; scripts/setup.sh (run first) installs everything
# else a fresh Debian machine lacks: Node.js with npm, Debian's neovim,
# emacs-nox, elpa-eglot, chromium, ripgrep, libkrb5-dev and build-essential
# (the editors the tests drive, and code-server's native builds), rustfmt and
# clippy, and a current Neovim named by FLOWSPEC_NVIM_CURRENT
# (tests/editors/README.md). .ci/run calls this script too.
set -euo pipefail
cd "$(dirname "$0")/.."

# insta: never write snapshots here, fail on any difference.
export CI="${CI:-true}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# One clean build: incremental caches only cost disk and time here.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# Each step says when it starts (seconds since this script began), so a
# run's log shows where its time goes.
step() { printf '\n=== [%ds] %s\n' "$SECONDS" "$*"; }

step "set-up: what the tests need (scripts/setup.sh)"
# shellcheck source=scripts/setup.sh
. scripts/setup.sh

step "formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests: unit, fixtures, properties, end-to-end"
cargo test --workspace

step "fuzz targets: each for a few seconds (when cargo fuzz and nightly are here)"
# The saved corpora are replayed on stable by the Rust tests above
# (flowspec-fuzz-checks); this finds new inputs, briefly.
FUZZ_SECONDS="${FLOWSPEC_FUZZ_SECONDS:-10}"
if [ "$FUZZ_SECONDS" -gt 0 ] && cargo +nightly fuzz --version >/dev/null 2>&1; then
    # One build of every target, at opt-level 1 without debug info: 142 s
    # here against about 290 s for cargo fuzz's release builds, one per
    # target (ten seconds of fuzzing run as well at opt-level 1, and a crash
    # reproduces in any build). The same settings for `run`, so it builds
    # nothing again.
    export CARGO_PROFILE_DEV_OPT_LEVEL=1 CARGO_PROFILE_DEV_DEBUG=0
    cargo +nightly fuzz build --dev -s none
    for target in $(cargo +nightly fuzz list); do
        # Seeds: a sample of the saved corpus (the whole of it is replayed
        # by the Rust tests above; libFuzzer reads all its seeds before the
        # time limit starts to count, which took up to 48 s for one target).
        # A copy: a short run's additions are not minimized.
        scratch="$(mktemp -d)"
        find "fuzz/corpus/$target" -type f | sort | awk "NR <= 300" | xargs -r cp -t "$scratch/"
        status=0
        cargo +nightly fuzz run "$target" --dev -s none "$scratch" -- \
            -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 >"$scratch.log" 2>&1 || status=$?
        grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$scratch.log" | sed "s/^/$target: /" || true
        if [ "$status" -ne 0 ]; then
            tail -40 "$scratch.log"
            echo "fuzz target $target failed: the input is under fuzz/artifacts/$target/"
            exit 1
        fi
        rm -rf "$scratch" "$scratch.log"
    done
    unset CARGO_PROFILE_DEV_OPT_LEVEL CARGO_PROFILE_DEV_DEBUG
else
    echo "skipped: cargo fuzz or the nightly toolchain is missing (or FLOWSPEC_FUZZ_SECONDS=0)"
fi

step "OpenFn's own packages load and run the exported projects"
(cd tests/openfn && npm ci --no-audit --no-fund --loglevel=error && FLOWSPEC="$PWD/../../target/debug/flowspec" npm test)

step "Diagrams and reports rendered in headless Chromium"
tests/render/run.sh

step "flowspec serve's page in headless Chromium: cards, tabs, live updates"
tests/serve/run.sh

step "VS Code extension: unit tests"
(cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error && npm test)

step "README: run Flowspec on the bundled example"
# The README's command, verbatim (a test checks they agree): it must keep
# working. It reuses the test build above: CI builds Flowspec once.
cargo run -p flowspec -- check examples/ethiopia

step "soak: one language server for 6,000 random edits, requests and changes on disk"
# flowspec-bench's ignored test (crates/flowspec-bench/src/soak/): no hang,
# no exit, flat memory, diagnostics equal to flowspec check at the end. It
# drives the binary of the test build (built by the Rust tests above), and
# the time bound stops a server that stopped answering in a way the
# per-request bound did not catch. `--workspace --test soak`, not `-p`:
# the same features as the build above, so nothing is built again (with
# `-p flowspec-bench` Cargo resolved features anew and rebuilt for 17 s or
# more).
timeout 300 cargo test --workspace --test soak -- --ignored --nocapture

step "VS Code extension in a real VS Code (code-server, headless Chromium)"
# The .vsix bundles a server binary as the published extension does; here
# the test build's (a release build would cost CI minutes and test nothing
# the extension sees).
(cd editors/vscode && FLOWSPEC_BINARY="$PWD/../../target/debug/flowspec" npm run package)
(cd tests/editors/vscode && ./install.sh && npm test)

step "TextMate grammar tests"
(cd grammar && npm ci --no-audit --no-fund --loglevel=error && npm test)

step "all tests passed"
