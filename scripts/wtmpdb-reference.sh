#!/usr/bin/env bash
# Build the reference wtmpdb (thkukuk/wtmpdb, tag v0.75.0) OUTSIDE the project,
# for recording/comparing test/fixtures/wtmpdb/. Its code never enters this
# repository (it is not MIT); only its outputs on our own inputs do.
#
#   scripts/wtmpdb-reference.sh <wtmpdb git dir or URL> [dest]
#
#   <wtmpdb git dir>  e.g. the mirror /work/.mirror/thkukuk+wtmpdb/repo
#   dest              clone/build directory, default /work/wtmpdb-src
#
# Needs: git, meson, ninja-build, gcc, pkg-config, libsqlite3-dev, libpam0g-dev
# (Debian: apt-get install -y meson ninja-build libsqlite3-dev libpam0g-dev).
# Prints the path of the built binary on stdout (everything else on stderr).
# The binary finds its libwtmpdb.so.0 through RUNPATH $ORIGIN: run it as is,
# no LD_LIBRARY_PATH needed.
set -euo pipefail

src=${1:?"usage: $0 <wtmpdb git dir or URL> [dest]"}
dest=${2:-/work/wtmpdb-src}
tag=v0.75.0
commit=a6f185a241ee633cbba600029ec153feb2665cf8   # "Release version 0.75.0", 2025-10-09

missing=()
for cmd in git meson ninja cc pkg-config; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
for pc in sqlite3; do
  pkg-config --exists "$pc" 2>/dev/null || missing+=("lib$pc-dev")
done
[ -f /usr/include/security/pam_modules.h ] || missing+=("libpam0g-dev")
if [ ${#missing[@]} -gt 0 ]; then
  echo "missing: ${missing[*]}" >&2
  echo "install with: apt-get install -y meson ninja-build libsqlite3-dev libpam0g-dev pkg-config gcc" >&2
  exit 1
fi

if [ ! -d "$dest/.git" ]; then
  git clone -q "$src" "$dest" >&2
fi
if ! git -C "$dest" rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  git -C "$dest" fetch -q --tags "$src" >&2 || true
fi
git -C "$dest" -c advice.detachedHead=false checkout -q "$tag" >&2
head=$(git -C "$dest" rev-parse HEAD)
if [ "$head" != "$commit" ]; then
  echo "warning: $tag is $head here, expected $commit" >&2
fi

if [ ! -f "$dest/build/build.ninja" ]; then
  (cd "$dest" && meson setup build -Dman=disabled -Daudit=disabled -Dsystemd=disabled -Dwtmpdbd=disabled) >&2
fi
ninja -C "$dest/build" >&2

bin="$dest/build/wtmpdb"
ver=$("$bin" --version)
if [ "$ver" != "wtmpdb 0.75.0" ]; then
  echo "unexpected version: $ver" >&2
  exit 1
fi
echo "$bin"
