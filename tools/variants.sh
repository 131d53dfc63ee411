#!/usr/bin/env bash
# Build every variant of --lang all into OUT/<variant>/, so that two trees (before and after a change)
# can be compared byte by byte: tools/variants.sh OUT; then diff -rq --exclude=.build-state.json A B.
# Reproducible output is a promise (docs/architecture.md), so a move that changes no behaviour changes no byte.
# JOBS=1 builds in one process: an Arabic leaflet's font subset maps glyphs without a character to
# private-use code points in the order the process first met them, so with several workers it can
# differ from one build to the next.
set -euo pipefail
out=${1:?usage: tools/variants.sh OUT}
cd "$(dirname "$0")/.."
py=${PYTHON:-python}
practice=examples/practice.yaml
jobs=(${JOBS:+--jobs "$JOBS"})
build() { local name=$1; shift; "$py" build.py -q --lang all --out "$out/$name" "${jobs[@]}" "$@"; }
build default
build letter --paper letter
build a5 --paper a5
build large --large-print
build print --print-ready --booklet
build practice --practice "$practice"
build practice-a5-large --practice "$practice" --paper a5 --large-print
build practice-print --practice "$practice" --print-ready --booklet
"$py" build.py -q --review-sheet de --out "$out/review"
"$py" build.py -q --review-sheet en --out "$out/review"
"$py" build.py -q --review-sheet ar --out "$out/review"
