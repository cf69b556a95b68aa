#!/usr/bin/env bash
# Runs the Jest suite under another Node release, taken from the npm registry (package `node@<version>`,
# which carries the binary and its C headers), in a hard-linked copy of the project whose better-sqlite3
# addon is rebuilt for that Node's ABI with node-gyp --nodedir (no download from nodejs.org).
# The Node package and the addon are cached per version/ABI under $GONGKAI_CI_CACHE
# (default ~/.cache/gongkai-ci), so only the first run compiles SQLite.
#
# Usage: .ci/node-runtime.sh <node version> <headers version> <TEST_MYSQL_URL, or "" for SQLite only> <Jest JSON output file>
# <headers version> is the Node release whose C headers the addon is compiled against (same ABI). It is
# usually the same as <node version>; for Node 24 it must be 24.18.x or older: from 24.19.0 the headers'
# node::ObjectWrap registers an environment cleanup hook whose removal aborts the process when
# better-sqlite3 <= 12 finalizes a Statement during garbage collection (nodejs/node#65446). An addon
# built against 24.18.1 headers runs cleanly on later 24.x runtimes.
# Needs: a built project (npm ci ran), python3, make and a C++ compiler.
set -euo pipefail
version=$1 headers_version=$2 mysql_url=$3 out=$4
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${GONGKAI_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gongkai-ci}
log() { echo "[node $version] $*" >&2; }

# 1. The Node binary (and the release whose headers build the addon).
install_node() { # version -> prints its folder
  local dir=$cache/node-$1
  if [ ! -x "$dir/node_modules/node/bin/node" ]; then
    log "installing node@$1 from the npm registry"
    rm -rf "$dir" && mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund "node@$1" >&2
  fi
  [ "$("$dir/node_modules/node/bin/node" --version)" = "v$1" ] || { log "node package $1 gave $("$dir/node_modules/node/bin/node" --version)"; exit 1; }
  echo "$dir"
}
bin=$(install_node "$version")/node_modules/node/bin
headers_node=$(install_node "$headers_version")
version_h=$(find "$headers_node/node_modules" -path '*/include/node/node_version.h' -print -quit)
[ -n "$version_h" ] || { log "no C headers in the node@$headers_version package"; exit 1; }
headers=$(dirname "$(dirname "$(dirname "$version_h")")")
[ "$("$headers_node/node_modules/node/bin/node" -p process.versions.modules)" = "$("$bin/node" -p process.versions.modules)" ] \
  || { log "node@$headers_version and node@$version differ in ABI"; exit 1; }

# 2. better-sqlite3 for this Node's ABI.
bs_version=$(node -p 'require(process.argv[1]).version' "$root/node_modules/better-sqlite3/package.json")
abi=$("$bin/node" -p process.versions.modules)
addon=$cache/better-sqlite3-$bs_version-abi$abi-headers$headers_version/better_sqlite3.node
if [ ! -f "$addon" ]; then
  gyp=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js
  [ -f "$gyp" ] || { log "node-gyp not found beside npm ($gyp)"; exit 1; }
  log "building better-sqlite3 $bs_version for ABI $abi (headers of node $headers_version)"
  build=$(mktemp -d)
  cp -r "$root/node_modules/better-sqlite3" "$build/" && rm -rf "$build/better-sqlite3/build"
  (cd "$build/better-sqlite3" && PATH="$bin:$PATH" node "$gyp" rebuild --release --nodedir="$headers" -j 2 >&2)
  mkdir -p "$(dirname "$addon")"
  cp "$build/better-sqlite3/build/Release/better_sqlite3.node" "$addon.tmp" && mv "$addon.tmp" "$addon"
  rm -rf "$build"
fi

# 3. A hard-linked copy of the project (same files, own better-sqlite3 build folder), and the suite.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/gongkai"
for entry in "$root"/* "$root"/.[!.]*; do
  case "$(basename "$entry")" in .git|jest-results*.json) continue ;; esac
  [ -e "$entry" ] && cp -al "$entry" "$work/gongkai/"
done
rm -rf "$work/gongkai/node_modules/better-sqlite3/build"
mkdir -p "$work/gongkai/node_modules/better-sqlite3/build/Release"
cp "$addon" "$work/gongkai/node_modules/better-sqlite3/build/Release/"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
cd "$work/gongkai"
log "running the suite ($(PATH="$bin:$PATH" node --version), better-sqlite3 built with node $headers_version headers)"
PATH="$bin:$PATH" TEST_MYSQL_URL="$mysql_url" node node_modules/jest/bin/jest.js --json --outputFile="$out" --testPathIgnorePatterns /test/browser/
