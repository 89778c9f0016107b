#!/usr/bin/env bash
# Packs the library as `npm pack` does, installs the tarball into a scratch folder the way another
# project would, type-checks a tiny Nest application against the package's types, and runs it: it
# imports InventoryModule from the package, runs one command and one query, and must exit 0.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cd "$root"
tarball="$(npm pack --silent --pack-destination "$scratch" | tail -n 1)"
echo "packed $tarball ($(du -k "$scratch/$tarball" | cut -f1) KiB)"
cp scripts/package-host/host-app.ts scripts/package-host/tsconfig.json "$scratch/"

cd "$scratch"
# The host declares what it imports itself; npm de-duplicates them with the package's own
# dependencies, so both see one @nestjs/core (one DI container, one CommandBus).
cat > package.json <<JSON
{ "name": "package-host", "private": true, "type": "module", "allowScripts": { "better-sqlite3": true, "@scarf/scarf": false } }
JSON
versions() { node -p "const p=require('$root/package.json'); ['$*'].join(' ').split(' ').map(n => n + '@' + (p.dependencies[n] || p.devDependencies[n])).join(' ')"; }
# shellcheck disable=SC2046
npm install --no-audit --no-fund --prefer-offline "./$tarball" \
  $(versions @nestjs/common @nestjs/core @nestjs/cqrs reflect-metadata @types/node)
"$root/node_modules/.bin/tsc" -p tsconfig.json
node dist/host-app.js
echo "package check: passed"
