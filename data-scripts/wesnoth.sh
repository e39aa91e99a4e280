#!/usr/bin/env bash
# Builds the optional larger corpus: the Battle for Wesnoth 1.16 soundtrack (41 orchestral/folk recordings,
# ~128 min, GPL-2+), as 16 kHz mono 16-bit WAV files that loadDataset('wesnoth') reads.
#
#   bash data-scripts/wesnoth.sh            # apt-get install wesnoth-1.16-music sox (~153 MB), then convert
#   bash data-scripts/wesnoth.sh --from DIR # convert .ogg files you already have (no apt), e.g. on macOS
#
# Output: cache/datasets/wesnoth/*.wav plus the package's copyright file (git-ignored; rendered audio of GPL
# music is a derived work, so the licence travels with it). Conversion takes ~35 s on 2 cores. Re-running skips
# files already converted. Environment: OUT=dir to write elsewhere (loadDataset's cacheDir + /wesnoth).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${OUT:-$ROOT/cache/datasets/wesnoth}"
SRC=""
if [ "${1:-}" = "--from" ]; then
  SRC="${2:?usage: $0 --from DIR_WITH_OGG_FILES}"
elif [ -n "${1:-}" ]; then
  echo "usage: $0 [--from DIR_WITH_OGG_FILES]" >&2; exit 2
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ -z "$SRC" ]; then
  if ! dpkg -s wesnoth-1.16-music >/dev/null 2>&1 || ! command -v sox >/dev/null; then
    echo "Installing wesnoth-1.16-music and sox with apt (about 153 MB)..."
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wesnoth-1.16-music sox libsox-fmt-all
  fi
  SRC="$(dirname "$(dpkg -L wesnoth-1.16-music | grep -m1 '\.ogg$')")"
  COPYRIGHT=/usr/share/doc/wesnoth-1.16-music/copyright
else
  command -v sox >/dev/null || { echo "sox is needed: apt-get install sox libsox-fmt-all (or brew install sox)" >&2; exit 1; }
  COPYRIGHT=""
fi

mkdir -p "$OUT"
echo "Converting $(ls "$SRC"/*.ogg | wc -l) files from $SRC to 16 kHz mono WAV in $OUT ..."
start=$(date +%s)
# One sox per core; each writes a temp file and renames it, so an interrupted run leaves no half-written WAV.
ls "$SRC"/*.ogg | xargs -P "$(nproc)" -I{} sh -c '
  out="$2/$(basename "$1" .ogg).wav"
  [ -f "$out" ] && exit 0
  sox "$1" -r 16000 -c 1 -b 16 -t wav "$out.part" norm -1 && mv "$out.part" "$out"
' _ {} "$OUT"
if [ -n "$COPYRIGHT" ] && [ -f "$COPYRIGHT" ]; then cp "$COPYRIGHT" "$OUT/copyright"; fi
cat > "$OUT/README.txt" <<TXT
Battle for Wesnoth 1.16 music (Debian package wesnoth-1.16-music), converted by data-scripts/wesnoth.sh with
  sox in.ogg -r 16000 -c 1 -b 16 out.wav norm -1
Licence: GPL-2+ (see copyright in this folder). These WAV files are derived works under the same licence.
TXT
echo "Done: $(ls "$OUT"/*.wav | wc -l) WAV files in $OUT in $(( $(date +%s) - start )) s."
echo "Load them with: loadDataset('wesnoth')  or  rbm-music data --dataset wesnoth"
