#!/usr/bin/env bash
# Resize throughput: thumbctl against vipsthumbnail and ImageMagick on the same photos, same run.
#
# usage: bench/resize.sh [CORPUS_DIR] [ROUNDS] [BUILD_ROUNDS]
#   CORPUS_DIR  a folder with jpeg/ and png/ subfolders of photos. Without it, the corpus is built
#               into $TMPDIR/thumbctl-photo-corpus by bench/photo-corpus.sh (it installs Debian's
#               wallpaper packages, so it needs root).
#   ROUNDS      how many times each tool runs on each folder, alternating tools (default 5).
#   BUILD_ROUNDS  how many more times the thumbctl builds run against each other (default 15).
#   THUMBCTL_BASELINE=PATH  also time another thumbctl binary (an older build, say) as "baseline".
#   BENCH_NO_BUILD=1        use the binaries already built (see below) as they are.
#
# The job (issue 5): every image in a folder to 150, 400 and 800 pixel boxes, JPEG quality 85, on
# all cores. thumbctl runs twice, as two builds (issue 12): `thumbctl`, the JPEG library with its
# x86 SIMD code (built with nasm, target/release), and `thumbctl-c`, the same library in plain C
# (built with nasm hidden from PATH, target/bench-no-nasm), as a user without nasm gets it.
# Peers: one `vipsthumbnail` pass per size over the files split across 2 processes (xargs -P2),
# and one ImageMagick `convert` per file writing the three sizes, 2 at a time.
# Needs: libvips-tools, imagemagick, time (GNU time for peak RSS), bc, nasm, a Rust toolchain.
# Prints: median wall time, peak RSS, images/s and ratios per folder; the two builds against each
# other; PSNR of thumbctl's outputs against vipsthumbnail's per size; thumbctl's peak RSS on the
# JPEG folder replicated 10x. Every timed run holds /tmp/bench.lock, as in bench/load.sh, so two
# benchmarks never overlap; anything else running on the machine still skews the figures.
# sharp, and the WebP and AVIF outputs: bench/web.sh (the same corpus and lock).
set -euo pipefail
cd "$(dirname "$0")/.."

corpus=${1:-}
rounds=${2:-5}
build_rounds=${3:-15}
sizes=(150 400 800)
names=(small medium large) # thumbctl's built-in sizes of the same boxes
convert=/usr/bin/convert   # ImageMagick's own, whatever else is first on PATH
compare=/usr/bin/compare
identify=/usr/bin/identify

for tool in vipsthumbnail "$convert" "$compare" "$identify" /usr/bin/time bc nasm flock; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench/resize.sh: $tool is needed (apt-get install libvips-tools imagemagick time bc nasm util-linux)" >&2
    exit 1
  fi
done

if [ -z "$corpus" ]; then
  corpus=${TMPDIR:-/tmp}/thumbctl-photo-corpus
  [ -d "$corpus/jpeg" ] || bash bench/photo-corpus.sh "$corpus"
fi
folders=()
for folder in jpeg png; do
  [ -d "$corpus/$folder" ] && folders+=("$folder")
done
if [ ${#folders[@]} -eq 0 ]; then
  echo "$corpus holds neither jpeg/ nor png/" >&2
  exit 1
fi

# Holds the benchmark lock (exclusive) for one command.
locked() { flock /tmp/bench.lock "$@"; }

thumbctl=$PWD/target/release/thumbctl
thumbctl_c=$PWD/target/bench-no-nasm/release/thumbctl
if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
  locked cargo build --release --quiet
  # The same sources with nasm, cmake and yasm out of sight: the build a user without nasm gets.
  # Its own target folder, since cargo does not rebuild the JPEG library when PATH changes.
  bare_path=$(.ci/bare-path "$PWD/target/bench-bare-path")
  PATH=$bare_path CARGO_TARGET_DIR=$PWD/target/bench-no-nasm locked cargo build --release --quiet
fi
tools=(thumbctl thumbctl-c vips magick)
baseline=${THUMBCTL_BASELINE:-}
if [ -n "$baseline" ]; then
  tools=(thumbctl thumbctl-c baseline vips magick)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One ImageMagick command per file, three sizes from one decode (each from the previous one).
cat >"$work/magick-one.sh" <<EOF
#!/usr/bin/env bash
set -e
src=\$1 out=\$2
stem=\$(basename "\${src%.*}")
exec $convert -define jpeg:size=1600x1600 "\$src" -auto-orient -quality 85 -strip \\
  -thumbnail 800x800 -write "\$out/\${stem}_800.jpg" \\
  -thumbnail 400x400 -write "\$out/\${stem}_400.jpg" \\
  -thumbnail 150x150 "\$out/\${stem}_150.jpg"
EOF
chmod +x "$work/magick-one.sh"

# invoke TOOL FOLDER OUT: one run of TOOL over FOLDER into a fresh OUT, GNU time's
# "wall_seconds peak_kb" in $work/time.
invoke() {
  local tool=$1 folder=$2 out=$3 src=$corpus/$2
  rm -rf "$out"
  mkdir -p "$out"
  # The previous run's thumbnails are written back to disk now, not during this run.
  sync
  local count half
  count=$(find "$src" -maxdepth 1 -type f | wc -l)
  half=$(((count + 1) / 2))
  case $tool in
    thumbctl | thumbctl-c | baseline)
      local binary=$thumbctl
      [ "$tool" = thumbctl-c ] && binary=$thumbctl_c
      [ "$tool" = baseline ] && binary=$baseline
      /usr/bin/time -f '%e %M %U' -o "$work/time" "$binary" --quiet resize "$src" --out "$out" \
        --format jpeg --quality 85 --no-metrics --force
      ;;
    vips)
      /usr/bin/time -f '%e %M' -o "$work/time" bash -c '
        src=$1 out=$2 half=$3; shift 3
        for size in "$@"; do
          find "$src" -maxdepth 1 -type f -print0 | sort -z |
            xargs -0 -P2 -n "$half" vipsthumbnail --size "${size}x${size}" -o "$out/%s_${size}.jpg[Q=85,strip]" 2>/dev/null
        done' _ "$src" "$out" "$half" "${sizes[@]}"
      ;;
    magick)
      /usr/bin/time -f '%e %M' -o "$work/time" bash -c '
        find "$1" -maxdepth 1 -type f -print0 | sort -z | xargs -0 -P2 -I{} "$3" {} "$2"' \
        _ "$src" "$out" "$work/magick-one.sh"
      ;;
  esac
}

# run TOOL FOLDER OUT [FILE]: one untimed warm-up run, then the timed one, both under the benchmark
# lock; appends "wall_seconds peak_kb [user_seconds]" to FILE (default $work/TOOL-FOLDER). The warm-up makes every timed run follow a
# run of the same tool: what ran before changes the next run's time by more than the builds differ
# (after ImageMagick, thumbctl's kernel time went from 0.05 to 0.45 s: the kernel hands its heap
# huge pages only after compacting what ImageMagick left; an A/A run of one binary in two slots
# measured 0.86x before the warm-up).
run() {
  exec {lock}>/tmp/bench.lock
  flock "$lock"
  invoke "$1" "$2" "$3"
  invoke "$1" "$2" "$3"
  exec {lock}>&-
  cat "$work/time" >>"${4:-$work/$1-$2}"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "corpus: $corpus ($(for f in "${folders[@]}"; do printf '%s: %s files ' "$f" "$(find "$corpus/$f" -maxdepth 1 -type f | wc -l)"; done))"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/ { print $2 }') GB"
echo "versions: $("$thumbctl" --version)${baseline:+ (baseline: $baseline)}, $(vipsthumbnail --vips-version 2>/dev/null || vips --version), $("$convert" -version | head -1 | cut -d' ' -f2-3)"
echo "$rounds rounds, tools alternating (a new order each round), each timed run after one untimed warm-up run"
for folder in "${folders[@]}"; do
  for round in $(seq 1 "$rounds"); do
    # A new order each round (the same for the same round and folder in every run), so no tool
    # always runs after the same one (the warm-up in run() evens out most of that already).
    for tool in $(printf '%s\n' "${tools[@]}" | shuf --random-source=<(yes "$round $folder $round")); do
      run "$tool" "$folder" "$work/out-$tool-$folder"
    done
  done
done

echo
printf '%-6s %-10s %10s %10s %10s %12s %12s\n' folder tool "wall (s)" "RSS (MB)" "images/s" "vs vips" "vs magick"
for folder in "${folders[@]}"; do
  count=$(find "$corpus/$folder" -maxdepth 1 -type f | wc -l)
  declare -A wall=() rss=()
  for tool in "${tools[@]}"; do
    wall[$tool]=$(cut -d' ' -f1 "$work/$tool-$folder" | median)
    rss[$tool]=$(cut -d' ' -f2 "$work/$tool-$folder" | sort -n | tail -1)
  done
  for tool in "${tools[@]}"; do
    awk -v f="$folder" -v t="$tool" -v w="${wall[$tool]}" -v r="${rss[$tool]}" -v n="$count" \
      -v vw="${wall[vips]}" -v mw="${wall[magick]}" 'BEGIN {
        printf "%-6s %-10s %10.2f %10.0f %10.1f %11.2fx %11.2fx\n", f, t, w, r / 1024, n / w, vw / w, mw / w }'
  done
done
echo "(wall: median of $rounds; RSS: the largest peak of one process over the rounds, GNU time %M;"
echo " the peers run 2 processes at once, so their machine-wide peak is up to twice that)"

# The builds against each other, in rounds of their own: they differ by less than the noise of a
# few rounds, and they are cheap, so they run many more rounds, back to back, in a rotating order.
builds=()
for tool in "${tools[@]}"; do
  case $tool in thumbctl | thumbctl-c | baseline) builds+=("$tool") ;; esac
done
echo
echo "builds: each thumbctl build against the nasm build, $build_rounds more rounds of the builds alone,"
echo "in a rotating order (goals: thumbctl-c 0.85x or more; thumbctl 0.95x or more of an older baseline)"
printf '%-6s %-10s %10s %10s %10s %10s\n' folder tool "wall (s)" "vs nasm" "RSS (MB)" "user (s)"
for folder in "${folders[@]}"; do
  for round in $(seq 1 "$build_rounds"); do
    for index in "${!builds[@]}"; do
      tool=${builds[$(((index + round) % ${#builds[@]}))]}
      run "$tool" "$folder" "$work/out-$tool-$folder" "$work/$tool-$folder-builds"
    done
  done
  for tool in "${builds[@]}"; do
    wall=$(cut -d' ' -f1 "$work/$tool-$folder-builds" | median)
    rss=$(cut -d' ' -f2 "$work/$tool-$folder-builds" | sort -n | tail -1)
    user=$(cut -d' ' -f3 "$work/$tool-$folder-builds" | median)
    # The speed against the nasm build round by round (the two ran within seconds of each other),
    # then the median of those ratios: the machine's drift over the rounds cancels out.
    ratio=$(paste -d' ' "$work/thumbctl-$folder-builds" "$work/$tool-$folder-builds" |
      awk '{ print $1 / $4 }' | median)
    awk -v f="$folder" -v t="$tool" -v w="$wall" -v r="$ratio" -v m="$rss" -v u="$user" \
      'BEGIN { printf "%-6s %-10s %10.2f %9.2fx %10.0f %10.2f\n", f, t, w, r, m / 1024, u }'
  done
done
echo "(wall and user CPU: medians of $build_rounds; vs nasm: the median of the $build_rounds per-round ratios;"
echo " RSS: the largest peak)"

echo
echo "quality: PSNR (dB) of thumbctl's thumbnails against vipsthumbnail's, ImageMagick compare"
printf '%-6s %-6s %8s %8s %8s\n' folder size mean min "cropped"
for folder in "${folders[@]}"; do
  for index in 0 1 2; do
    size=${sizes[$index]} name=${names[$index]}
    : >"$work/psnr"
    cropped=0
    for ours in "$work/out-thumbctl-$folder"/*_"$name".jpg; do
      stem=$(basename "$ours" "_$name.jpg")
      theirs="$work/out-vips-$folder/${stem}_$size.jpg"
      [ -f "$theirs" ] || continue
      a=$("$identify" -format '%w %h' "$ours")
      b=$("$identify" -format '%w %h' "$theirs")
      if [ "$a" != "$b" ]; then
        # Rounding differs by a pixel on some sizes: compare the common area.
        read -r aw ah <<<"$a"
        read -r bw bh <<<"$b"
        w=$((aw < bw ? aw : bw)) h=$((ah < bh ? ah : bh))
        "$convert" "$ours" -crop "${w}x${h}+0+0" +repage "$work/a.png"
        "$convert" "$theirs" -crop "${w}x${h}+0+0" +repage "$work/b.png"
        ours_cmp=$work/a.png theirs_cmp=$work/b.png
        cropped=$((cropped + 1))
      else
        ours_cmp=$ours theirs_cmp=$theirs
      fi
      "$compare" -metric PSNR "$ours_cmp" "$theirs_cmp" null: 2>&1 | awk '{ print $1 }' >>"$work/psnr" || true
    done
    awk -v f="$folder" -v s="$size" -v c="$cropped" '
      $1 == "inf" { $1 = 99 }
      { sum += $1; if (min == "" || $1 < min) min = $1 }
      END { if (NR) printf "%-6s %-6s %8.2f %8.2f %8d\n", f, s, sum / NR, min, c }' "$work/psnr"
  done
done

echo
echo "memory flatness: thumbctl peak RSS on the JPEG folder and on it replicated 10x (hard links)"
flat_src=$corpus/${folders[0]}
mkdir -p "$work/tenfold"
for copy in $(seq 1 10); do
  mkdir -p "$work/tenfold/$copy"
  ln "$flat_src"/* "$work/tenfold/$copy/" 2>/dev/null || cp "$flat_src"/* "$work/tenfold/$copy/"
done
for input in "$flat_src" "$work/tenfold"; do
  rm -rf "$work/out-flat"
  locked /usr/bin/time -f '%e %M' -o "$work/time" "$thumbctl" --quiet resize "$input" --out "$work/out-flat" \
    --format jpeg --quality 85 --no-metrics --force
  read -r seconds kb <"$work/time"
  printf '%-9s %5d images  %7.2f s  %6.0f MB\n' "$([ "$input" = "$flat_src" ] && echo 1x || echo 10x)" \
    "$(find "$input" -type f | wc -l)" "$seconds" "$(echo "$kb / 1024" | bc -l)"
done
