#!/usr/bin/env bash
# Builds the photo corpus: every JPEG and PNG over 300 KB from Debian's wallpaper packages, flattened into
# one folder (58 files: 29 JPEG, 29 PNG). Same input on every machine, so figures can be compared.
# usage: bench/photo-corpus.sh OUTDIR   (root: installs plasma-workspace-wallpapers and mate-backgrounds)
set -euo pipefail
out=${1:?usage: photo-corpus.sh OUTDIR}
if ! dpkg -s plasma-workspace-wallpapers mate-backgrounds >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq plasma-workspace-wallpapers mate-backgrounds >/dev/null
fi
mkdir -p "$out/jpeg" "$out/png"
find /usr/share/wallpapers /usr/share/backgrounds -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) -size +300k |
  sort | while read -r f; do
    name=$(echo "$f" | sed 's|/usr/share/||; s|/contents/images|/|; s|/|_|g')
    case "$name" in *.png) cp "$f" "$out/png/$name" ;; *) cp "$f" "$out/jpeg/$name" ;; esac
  done
echo "$out/jpeg: $(ls "$out/jpeg" | wc -l) files; $out/png: $(ls "$out/png" | wc -l) files"
