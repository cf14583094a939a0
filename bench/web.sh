#!/usr/bin/env bash
# Web formats: thumbctl against sharp (libvips) writing JPEG, WebP and AVIF thumbnails of the same
# photos, same run.
#
# usage: bench/web.sh [CORPUS_DIR] [ROUNDS] [FORMATS]
#   CORPUS_DIR  a folder with jpeg/ and png/ subfolders of photos (default: the one
#               bench/resize.sh builds, $TMPDIR/thumbctl-photo-corpus)
#   ROUNDS      timed runs per tool, format and folder, alternating tools (default 3)
#   FORMATS     space-separated subset of "jpeg webp avif" (default all three)
#   BENCH_NO_BUILD=1  use target/release/thumbctl as it is
#
# The job: every image to 150, 400 and 800 pixel boxes, on both cores. sharp 0.34 is installed
# with npm into target/bench-sharp (not committed) and does it the fast way: per source one
# shrink-on-load decode to the largest box (auto-oriented), the smaller sizes resized from that,
# two sources at a time with one libvips thread each. Qualities are each tool's defaults (JPEG 85
# for both; WebP 80, effort 4 for both; AVIF: thumbctl 55 at rav1e speed 8, sharp 50 at libaom
# effort 4). Prints median wall, peak RSS, total bytes, and the mean PSNR of the 800-pixel
# thumbnails against thumbctl's own lossless (PNG) ones, so both tools are scored against the
# same reference. Every timed run holds the exclusive /tmp/bench.lock.
# Needs: node and npm, imagemagick (compare), libheif-examples (heif-convert, to read AVIF),
# GNU time, a Rust toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${1:-${TMPDIR:-/tmp}/thumbctl-photo-corpus}
rounds=${2:-3}
read -r -a formats <<<"${3:-jpeg webp avif}"
for tool in node npm /usr/bin/compare heif-convert /usr/bin/time flock; do
  command -v "$tool" >/dev/null || {
    echo "bench/web.sh: $tool is needed (apt-get install nodejs npm imagemagick libheif-examples time)" >&2
    exit 1
  }
done
[ -d "$corpus/jpeg" ] || bash bench/photo-corpus.sh "$corpus"

locked() { flock /tmp/bench.lock "$@"; }
thumbctl=$PWD/target/release/thumbctl
[ "${BENCH_NO_BUILD:-}" = 1 ] || flock -s /tmp/bench.lock cargo build --release --quiet
sharp_dir=$PWD/target/bench-sharp
if ! node -e "require('$sharp_dir/node_modules/sharp')" 2>/dev/null; then
  npm install --prefix "$sharp_dir" --no-audit --no-fund --loglevel=error sharp@0.34 >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat >"$work/sharp.js" <<'EOF'
// node sharp.js SHARP_DIR SRC_DIR OUT_DIR FORMAT
const [sharpDir, src, out, format] = process.argv.slice(2);
const sharp = require(sharpDir + '/node_modules/sharp');
const fs = require('fs'), path = require('path');
sharp.concurrency(1); // one libvips thread per image; two images at a time use both cores
sharp.cache(false);
const options = { jpeg: { quality: 85 }, webp: { quality: 80, effort: 4 }, avif: { quality: 50, effort: 4 } }[format];
const ext = format === 'jpeg' ? 'jpg' : format;
const boxes = [800, 400, 150];
async function one(file) {
  const stem = path.parse(file).name;
  // One shrink-on-load decode to the largest box, upright; the smaller sizes from its pixels.
  const { data, info } = await sharp(path.join(src, file)).rotate()
    .resize(boxes[0], boxes[0], { fit: 'inside', withoutEnlargement: true })
    .raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  for (const box of boxes) {
    let image = sharp(data, raw);
    if (box !== boxes[0]) image = image.resize(box, box, { fit: 'inside', withoutEnlargement: true });
    await image[format](options).toFile(path.join(out, `${stem}_${box}.${ext}`));
  }
}
(async () => {
  const files = fs.readdirSync(src).sort();
  let next = 0;
  const worker = async () => { while (next < files.length) await one(files[next++]); };
  await Promise.all([worker(), worker()]);
})().catch((err) => { console.error(err); process.exit(1); });
EOF

# run TOOL FORMAT FOLDER OUT: one timed run; appends "wall_seconds peak_kb" to $work/TOOL-FORMAT-FOLDER.
run() {
  local tool=$1 format=$2 folder=$3 out=$4
  rm -rf "$out" && mkdir -p "$out" && sync
  case $tool in
    thumbctl)
      locked /usr/bin/time -f '%e %M' -o "$work/time" "$thumbctl" --quiet --no-metrics resize \
        "$corpus/$folder" --out "$out" --format "$format" --force --name '{stem}_{size}.{ext}' ;;
    sharp)
      locked /usr/bin/time -f '%e %M' -o "$work/time" node "$work/sharp.js" "$sharp_dir" \
        "$corpus/$folder" "$out" "$format" ;;
  esac
  cat "$work/time" >>"$work/$tool-$format-$folder"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# psnr_mean DIR EXT LARGE_NAME: mean PSNR of DIR's large thumbnails against the PNG reference.
psnr_mean() {
  local dir=$1 ext=$2 large=$3
  : >"$work/psnr"
  for ref in "$work/reference-$folder"/*_large.png; do
    stem=$(basename "$ref" _large.png)
    file=$dir/${stem}_$large.$ext
    [ -f "$file" ] || continue
    if [ "$ext" = avif ]; then
      heif-convert "$file" "$work/decoded.png" >/dev/null 2>&1 || continue
      file=$work/decoded.png
    fi
    /usr/bin/compare -metric PSNR "$file" "$ref" null: 2>&1 | awk '$1 ~ /^[0-9.]+$/ { print $1 }' >>"$work/psnr" || true
  done
  awk '{ s += $1 } END { if (NR) printf "%.2f (%d)", s / NR, NR; else printf "-" }' "$work/psnr"
}

echo "corpus: $corpus; $(nproc) cores; $("$thumbctl" --version), sharp $(node -p "require('$sharp_dir/node_modules/sharp/package.json').version") (libvips $(node -p "require('$sharp_dir/node_modules/sharp').versions.vips"))"
for folder in jpeg png; do
  "$thumbctl" --quiet --no-metrics resize "$corpus/$folder" --out "$work/reference-$folder" \
    --format png --sizes large --force --name '{stem}_{size}.{ext}'
  for format in "${formats[@]}"; do
    for round in $(seq 1 "$rounds"); do
      for tool in $(printf 'thumbctl\nsharp\n' | shuf --random-source=<(yes "$round $format $folder")); do
        run "$tool" "$format" "$folder" "$work/out-$tool-$format-$folder"
      done
    done
  done
done

echo
printf '%-6s %-5s %-9s %9s %9s %11s %14s %9s\n' folder fmt tool "wall (s)" "RSS (MB)" "bytes (MB)" "PSNR 800 (n)" "speed"
for folder in jpeg png; do
  for format in "${formats[@]}"; do
    ext=$format; [ "$format" = jpeg ] && ext=jpg
    sharp_wall=$(cut -d' ' -f1 "$work/sharp-$format-$folder" | median)
    for tool in thumbctl sharp; do
      wall=$(cut -d' ' -f1 "$work/$tool-$format-$folder" | median)
      rss=$(cut -d' ' -f2 "$work/$tool-$format-$folder" | sort -n | tail -1)
      bytes=$(du -cb "$work/out-$tool-$format-$folder" | tail -1 | cut -f1)
      large=large; [ "$tool" = sharp ] && large=800
      psnr=$(psnr_mean "$work/out-$tool-$format-$folder" "$ext" "$large")
      awk -v f="$folder" -v x="$format" -v t="$tool" -v w="$wall" -v r="$rss" -v b="$bytes" -v p="$psnr" -v s="$sharp_wall" \
        'BEGIN { printf "%-6s %-5s %-9s %9.2f %9.0f %11.2f %14s %8.2fx\n", f, x, t, w, r / 1024, b / 1e6, p, s / w }'
    done
  done
done
echo "(wall: median of $rounds; RSS: peak of the process, GNU time %M; speed: sharp's wall / the tool's;"
echo " PSNR: the 800-pixel thumbnails against thumbctl's lossless ones, ImageMagick compare)"
