# Sourced by .ci/run before `cargo test`: the peers tests/colour.rs and tests/web_output.rs read
# thumbnails with. Idempotent; apt only (nothing is built or committed).
#   imagemagick   `convert`: builds the profiled sources and applies a thumbnail's profile
#   libgs-common  Ghostscript's ICC profiles (srgb, a98, default_cmyk, sgray) in
#                 /usr/share/color/icc/ghostscript/
#   libheif-examples  `heif-convert`: reads AVIF with its alpha plane (ImageMagick 6 drops it)
# With CI set, those tests fail instead of skipping when these are missing.
web_apt=()
for pkg in imagemagick libgs-common libheif-examples; do
  dpkg -s "$pkg" >/dev/null 2>&1 || web_apt+=("$pkg")
done
if [ ${#web_apt[@]} -gt 0 ]; then
  echo "== apt-get install ${web_apt[*]} (peers of tests/colour.rs, tests/web_output.rs)"
  apt-get update -qq
  apt-get install -y -qq "${web_apt[@]}" >/dev/null
fi
export THUMBCTL_TEST_CONVERT=${THUMBCTL_TEST_CONVERT:-convert}
export THUMBCTL_TEST_HEIF_CONVERT=${THUMBCTL_TEST_HEIF_CONVERT:-heif-convert}
export THUMBCTL_TEST_ICC_DIR=${THUMBCTL_TEST_ICC_DIR:-/usr/share/color/icc/ghostscript}
unset web_apt
