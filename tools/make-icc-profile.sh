#!/bin/sh
# Builds layouts/icc/FOGRA39L-coated.icc, the output profile of --print-ready PDFs (PDF/X-4 embeds it),
# from Fogra's FOGRA39L characterisation data as Debian's icc-profiles-free package ships it (Zlib
# licence), with ArgyllCMS's colprof (Debian package argyll). Run from anywhere on Debian:
#   apt-get install argyll icc-profiles-free && tools/make-icc-profile.sh
# The profile is committed; this script only says how it was made. Its header records the time it was
# made, so a rebuild is not byte-identical, but it converts colours the same way.
set -eu
data=/usr/share/color/icc/FOGRA39L.ti3
out="$(cd "$(dirname "$0")/.." && pwd)/layouts/icc/FOGRA39L-coated.icc"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$data" "$work/FOGRA39L.ti3"
cd "$work"
# -ql: low quality, a small profile (150 kB) that is still within 2 dE of the data;
# -kr: black generation by ArgyllCMS's ramp; -l300 -L95: total ink at most 300 %, black at most 95 %
colprof -ql -kr -l300 -L95 \
  -D "FOGRA39L coated (leaflet-builder, ArgyllCMS)" \
  -C "Made by leaflet-builder/tools/make-icc-profile.sh from FOGRA39L.ti3 (Fogra data; Zlib licence, see layouts/icc/README.md)" \
  FOGRA39L
mkdir -p "$(dirname "$out")"
cp FOGRA39L.icc "$out"
echo "wrote $out"
