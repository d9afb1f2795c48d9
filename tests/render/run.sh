#!/bin/sh
# Renders flowspec's pictures and reports in headless Chromium and checks
# them (see render.mjs). Needs Chromium (`apt-get install chromium`, or set
# CHROMIUM to its path) and Node.js with npm. Screenshots go to
# tests/artifacts/render/.
#
# Usage, from anywhere: tests/render/run.sh
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=tests/artifacts/render
rm -rf "$out"
mkdir -p "$out"

cargo build --quiet -p flowspec
flowspec=target/debug/flowspec
(cd tests/render && npm ci --silent --no-audit --no-fund)

"$flowspec" graph examples/ethiopia -o "$out/ethiopia.svg"
"$flowspec" graph examples/ethiopia --direction lr -o "$out/ethiopia-lr.svg"
"$flowspec" graph examples/complete -o "$out/complete.svg"
"$flowspec" graph examples/open-questions.flow -o "$out/open-questions.svg"
"$flowspec" graph examples/ethiopia --flow monthly_indicators -o "$out/monthly-indicators.svg"
"$flowspec" graph tests/fixtures/diagram/forty-flows.flow -o "$out/forty-flows.svg"
"$flowspec" graph tests/fixtures/diagram/forty-flows.flow --direction tb -o "$out/forty-flows-tb.svg"
"$flowspec" report examples/ethiopia -o "$out/report-ethiopia.html"
"$flowspec" report examples/complete -o "$out/report-complete.html"
"$flowspec" report examples/open-questions.flow -o "$out/report-open-questions.html"
"$flowspec" report tests/fixtures/diagram/forty-flows.flow -o "$out/report-forty-flows.html"

node tests/render/render.mjs --out "$out" \
  --svg "$out/ethiopia.svg" --nodes 4 --edges 5 \
  --svg "$out/ethiopia-lr.svg" --nodes 4 --edges 5 \
  --svg "$out/complete.svg" --nodes 10 --edges 10 \
  --svg "$out/open-questions.svg" --nodes 7 --edges 6 \
  --svg "$out/monthly-indicators.svg" --nodes 4 --edges 3 \
  --svg "$out/forty-flows.svg" --nodes 18 --edges 62 \
  --svg "$out/forty-flows-tb.svg" --nodes 18 --edges 62 \
  --report "$out/report-ethiopia.html" --flows 2 --nodes 4 --edges 5 \
  --report "$out/report-complete.html" --flows 8 --nodes 10 --edges 10 \
  --report "$out/report-open-questions.html" --flows 5 --nodes 7 --edges 6 \
  --report "$out/report-forty-flows.html" --flows 40 --nodes 18 --edges 62
