#!/bin/sh
# Installs one player library for the demo player page (/player, mounted only by `prism demo`) from
# the npm registry through npm itself, checks its pinned sha512 integrity, and copies the one
# distributable file and the licence into the build output. Player libraries are never committed.
#
# usage: vendor-player-lib.sh PACKAGE VERSION INTEGRITY FILE_IN_PACKAGE LICENSE_IN_PACKAGE OUT_DIR CACHE_DIR
#   e.g. dashjs 5.2.1 sha512-... dist/modern/umd/dash.all.min.js LICENSE.md \
#        target/classes/webroot/player/vendor/dashjs .prism/npm
#
# Outcomes: already installed -> no-op (no network); npm absent or the registry unreachable ->
# a warning and exit 0 (the page then says the library is missing and offers HLS);
# integrity mismatch -> exit 1 (a tampered or unexpected tarball must never be served).
set -eu
pkg=$1 version=$2 integrity=$3 file=$4 license=$5 out=$6 cache=$7
base=${file##*/}
marker="$out/$pkg.json"

if [ -f "$out/$base" ] && [ -f "$marker" ] && grep -q "\"integrity\":\"$integrity\"" "$marker"; then
  exit 0
fi
warn() { echo "[WARNING] player page: $pkg@$version not installed: $*; /player will offer HLS only." >&2; }
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  warn "npm is not on the PATH (install npm and rebuild)"
  exit 0
fi

# sha512 of a file in the npm "integrity" form (Subresource Integrity: sha512-<base64>).
sri() {
  node -e 'const c=require("crypto"),f=require("fs");process.stdout.write("sha512-"+c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$1"
}

mkdir -p "$cache" "$out"
tgz="$cache/$pkg-$version.tgz"
if [ ! -f "$tgz" ] || [ "$(sri "$tgz")" != "$integrity" ]; then
  rm -f "$tgz"
  if ! (cd "$cache" && npm pack --silent --no-fund --no-audit "$pkg@$version" >/dev/null 2>"$cache/$pkg-npm.log"); then
    warn "npm pack failed (offline?), see $cache/$pkg-npm.log"
    exit 0
  fi
fi
actual=$(sri "$tgz")
if [ "$actual" != "$integrity" ]; then
  echo "[ERROR] $pkg@$version: integrity mismatch: expected $integrity, got $actual ($tgz)" >&2
  rm -f "$tgz"
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xzf "$tgz" -C "$tmp" "package/$file" "package/$license"
cp "$tmp/package/$file" "$out/$base"
cp "$tmp/package/$license" "$out/$license"
printf '{"name":"%s","version":"%s","file":"%s","license":"%s","integrity":"%s"}\n' \
  "$pkg" "$version" "$base" "$license" "$integrity" > "$marker"
echo "[INFO] player page: installed $pkg@$version ($base, integrity checked) into $out" >&2
