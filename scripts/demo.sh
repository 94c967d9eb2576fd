#!/usr/bin/env bash
# The main job on the embedded default: ingest the bundled examples into ./declass.db
# (SQLite, no server needed) and show what was found.
set -euo pipefail
cd "$(dirname "$0")/.."
DECLASS=.venv/bin/declass
DB=./declass.db

echo "== ingesting examples/ into $DB =="
# a file that cannot be read is reported and recorded; the demo goes on
$DECLASS ingest examples/ --db "$DB" --quiet || echo "(some files could not be read: $DECLASS errors --db $DB)"

echo
echo "== what is in the corpus =="
$DECLASS stats --db "$DB"

echo
echo "== search: two words, either one (Freedonia OR trawlers) =="
$DECLASS search 'Freedonia OR trawlers' --db "$DB" --limit 3 --no-facets

echo
echo "== search: documents with redactions, oldest first =="
$DECLASS search 'has:redactions' --db "$DB" --sort date --limit 3

echo
echo "== search: a phrase, 1955 to 1959 =="
$DECLASS search '"shipping routes" year:1955..1959' --db "$DB" --limit 3 --no-facets

FIRST=$($DECLASS search '' --db "$DB" --limit 1 --json | .venv/bin/python -c 'import json,sys; h=json.load(sys.stdin)["hits"]; print(h[0]["id"] if h else "")')
if [ -n "$FIRST" ]; then
  echo
  echo "== declass show $FIRST (first lines) =="
  $DECLASS show "$FIRST" --db "$DB" | head -n 25
fi

echo
echo "Browse the corpus in a web browser:  $DECLASS serve --db $DB   (then open http://127.0.0.1:8000)"
echo "On the development corpus:            $DECLASS ingest ../shared/corpus/ --workers 2 && $DECLASS search Peiping"
echo "  (names are widened to their other spellings: Peiping finds Peking and Beijing; --exact turns it off)"
echo "The query language:                   docs/query.md"
