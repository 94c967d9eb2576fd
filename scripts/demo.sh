#!/usr/bin/env bash
# The main job on the embedded default: read the bundled examples and show what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
DECLASS=.venv/bin/declass
echo "== reading examples/ =="
$DECLASS read examples/ > /tmp/declass-demo.jsonl
echo "$(wc -l < /tmp/declass-demo.jsonl) documents read from examples/"
for f in examples/*; do
  [ -f "$f" ] || continue
  $DECLASS show "$f" | head -n 40
done
