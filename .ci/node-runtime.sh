#!/usr/bin/env bash
# Runs the Jest suite under another Node release, taken from the npm registry (package `node@<version>`,
# which carries the binary and its C headers), in a hard-linked copy of the project whose better-sqlite3
# addon is rebuilt for that Node's ABI with node-gyp --nodedir (no download from nodejs.org).
# The Node package and the addon are cached per version/ABI under $GONGKAI_CI_CACHE
# (default ~/.cache/gongkai-ci), so only the first run compiles SQLite.
#
# Usage: .ci/node-runtime.sh <node version> <TEST_MYSQL_URL, or "" for SQLite only> <Jest JSON output file>
# Needs: a built project (npm ci ran), python3, make and a C++ compiler.
set -euo pipefail
version=$1 mysql_url=$2 out=$3
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${GONGKAI_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gongkai-ci}
log() { echo "[node $version] $*" >&2; }

# 1. The Node binary and headers.
nodedir=$cache/node-$version
if [ ! -x "$nodedir/node_modules/node/bin/node" ]; then
  log "installing node@$version from the npm registry"
  rm -rf "$nodedir" && mkdir -p "$nodedir"
  npm install --prefix "$nodedir" --no-save --no-package-lock --no-audit --no-fund "node@$version" >&2
fi
bin=$nodedir/node_modules/node/bin
[ "$("$bin/node" --version)" = "v$version" ] || { log "node package gave $("$bin/node" --version)"; exit 1; }
version_h=$(find "$nodedir/node_modules" -path '*/include/node/node_version.h' -print -quit)
[ -n "$version_h" ] || { log "no C headers in the node package"; exit 1; }
headers=$(dirname "$(dirname "$(dirname "$version_h")")")

# 2. better-sqlite3 for this Node's ABI.
bs_version=$(node -p 'require(process.argv[1]).version' "$root/node_modules/better-sqlite3/package.json")
abi=$("$bin/node" -p process.versions.modules)
addon=$cache/better-sqlite3-$bs_version-abi$abi/better_sqlite3.node
if [ ! -f "$addon" ]; then
  gyp=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")/node_modules/node-gyp/bin/node-gyp.js
  [ -f "$gyp" ] || { log "node-gyp not found beside npm ($gyp)"; exit 1; }
  log "building better-sqlite3 $bs_version for ABI $abi"
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
log "running the suite ($(PATH="$bin:$PATH" node --version), better-sqlite3 ABI $abi)"
PATH="$bin:$PATH" TEST_MYSQL_URL="$mysql_url" node node_modules/jest/bin/jest.js --maxWorkers=2 --json --outputFile="$out"
