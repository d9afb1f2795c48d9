#!/bin/sh
# flowspec serve's page in headless Chromium (see serve.mjs): the diagram,
# pan and zoom, the cards, the tabs, and the page following changes on
# disk. Needs Chromium (`apt-get install chromium`, or set CHROMIUM to its
# path) and Node.js with npm. Screenshots go to tests/artifacts/serve/;
# `tests/serve/run.sh --docs` also refreshes the README's (docs/).
#
# Usage, from anywhere: tests/serve/run.sh [--docs]
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=tests/artifacts/serve
rm -rf "$out"
mkdir -p "$out"

cargo build --quiet -p flowspec
(cd tests/serve && npm ci --silent --no-audit --no-fund)

docs=""
if [ "${1:-}" = "--docs" ]; then
  docs="--docs docs"
fi
# shellcheck disable=SC2086
node tests/serve/serve.mjs --flowspec target/debug/flowspec --example examples/ethiopia --out "$out" $docs
