#!/usr/bin/env bash
# Untagged CMYK on the photo corpus: how close thumbctl's thumbnails of CMYK JPEGs come to the sRGB
# original, read through the built-in profile (no embedded one), through the embedded profile, and
# with the plain formula R = (1 - C)(1 - K) that thumbctl used before (ImageMagick's
# `-colorspace sRGB` computes it). A quality measurement, not a timing: nothing is locked or timed.
#
# usage: bench/cmyk-psnr.sh [CORPUS_DIR]
#   CORPUS_DIR  a folder with a jpeg/ subfolder of photos (default: the one bench/resize.sh
#               builds, $TMPDIR/thumbctl-photo-corpus); the photos whose names end in a size
#               (_3840x2160) are skipped, they are copies of the others
#   THUMBCTL    the binary to measure (default target/debug/thumbctl, built if missing)
#
# Each photo is separated with Ghostscript's SWOP profile (default_cmyk.icc) twice: ImageMagick's
# default, and with black point compensation as Photoshop separates; each is kept tagged and
# stripped of its profile. Prints per photo and the means: PSNR of the 800-pixel thumbnails
# against the original resized to the same size by ImageMagick.
# Needs: imagemagick, libgs-common (the profiles).
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${1:-${TMPDIR:-/tmp}/thumbctl-photo-corpus}
icc=/usr/share/color/icc/ghostscript
for tool in /usr/bin/convert /usr/bin/compare /usr/bin/identify; do
  [ -x "$tool" ] || { echo "bench/cmyk-psnr.sh: $tool is needed (apt-get install imagemagick)" >&2; exit 1; }
done
[ -f "$icc/default_cmyk.icc" ] || { echo "bench/cmyk-psnr.sh: apt-get install libgs-common" >&2; exit 1; }
[ -d "$corpus/jpeg" ] || bash bench/photo-corpus.sh "$corpus"
thumbctl=${THUMBCTL:-$PWD/target/debug/thumbctl}
[ -x "$thumbctl" ] || cargo build --quiet
im=/usr/bin/convert

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/ref"
for photo in "$corpus"/jpeg/*.jpg; do
  case $photo in *_[0-9]*x[0-9]*.jpg) continue ;; esac
  name=$(basename "$photo" .jpg)
  $im "$photo" -strip "$work/ref/$name.png"
  $im "$work/ref/$name.png" -profile $icc/srgb.icc -profile $icc/default_cmyk.icc -quality 95 \
    "$work/in/$name.swop.jpg"
  $im "$work/ref/$name.png" -black-point-compensation -profile $icc/srgb.icc \
    -profile $icc/default_cmyk.icc -quality 95 "$work/in/$name.bpc.jpg"
  for kind in swop bpc; do
    $im "$work/in/$name.$kind.jpg" +profile icc "$work/in/$name.$kind-untagged.jpg"
  done
done
"$thumbctl" --quiet --no-metrics resize "$work/in" --out "$work/out" --size t=800x800 --sizes t \
  --format png

# compare exits 1 when the images differ, which they always do here.
psnr() { { /usr/bin/compare -metric PSNR "$1" "$2" null: 2>&1 || true; } | cut -d' ' -f1; }
printf '%-40s %8s %8s %8s | %8s %8s %8s\n' "photo (dB)" plain built-in tagged \
  "bpc:plain" built-in tagged
for reference in "$work"/ref/*.png; do
  name=$(basename "$reference" .png)
  case $name in *.*) continue ;; esac
  size=$(/usr/bin/identify -format %wx%h "$work/out/$name.swop_t.png")
  $im "$reference" -resize "$size!" "$work/ref/$name.t.png"
  row=()
  for kind in swop bpc; do
    $im "$work/in/$name.$kind-untagged.jpg" -colorspace sRGB -resize "$size!" -depth 8 \
      "$work/ref/$name.$kind.plain.png"
    row+=("$(psnr "$work/ref/$name.$kind.plain.png" "$work/ref/$name.t.png")"
      "$(psnr "$work/out/$name.$kind-untagged_t.png" "$work/ref/$name.t.png")"
      "$(psnr "$work/out/$name.${kind}_t.png" "$work/ref/$name.t.png")")
  done
  printf '%-40s %8.1f %8.1f %8.1f | %8.1f %8.1f %8.1f\n' "$name" "${row[@]}"
done | tee "$work/table"
awk '{ for (i = 2; i <= 8; i++) if ($i != "|") sum[i] += $i; n++ }
  END { printf "%-40s %8.1f %8.1f %8.1f | %8.1f %8.1f %8.1f\n", "mean", sum[2]/n, sum[3]/n,
        sum[4]/n, sum[6]/n, sum[7]/n, sum[8]/n }' "$work/table"
