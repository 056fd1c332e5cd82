#!/usr/bin/env bash
# Installs the packed tarball into a strict consumer (scripts/consumer: skipLibCheck false, lib
# es2022 without DOM, exactOptionalPropertyTypes, module nodenext) and type-checks it with the
# oldest and the newest TypeScript the package supports. Exits 1 on any type error.
#
#   bash scripts/check-consumer.sh            (packs with a fresh build: npm pack runs prepack)
#   bash scripts/check-consumer.sh --no-build (packs the dist/ already built)
set -euo pipefail
cd "$(dirname "$0")/.."

# Exact versions, so the check is reproducible. Oldest and newest supported TypeScript.
TYPESCRIPT_VERSIONS=(5.0.4 6.0.3)
TYPES_NODE=20.19.43
RXJS=7.8.2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pack_flags=(--silent --pack-destination "$work")
[[ "${1:-}" == --no-build ]] && pack_flags+=(--ignore-scripts)
tarball="$work/$(npm pack "${pack_flags[@]}" | tail -n 1)"

cp -R scripts/consumer "$work/consumer"
cd "$work/consumer"
aliases=()
for version in "${TYPESCRIPT_VERSIONS[@]}"; do aliases+=("typescript-$version@npm:typescript@$version"); done
npm install --no-audit --no-fund --no-package-lock --loglevel=error \
  "$tarball" "rxjs@$RXJS" "@types/node@$TYPES_NODE" "${aliases[@]}"

status=0
for version in "${TYPESCRIPT_VERSIONS[@]}"; do
  if node "node_modules/typescript-$version/bin/tsc" -p tsconfig.json; then
    echo "consumer check: TypeScript $version OK"
  else
    echo "consumer check: TypeScript $version FAILED" >&2
    status=1
  fi
done
# The bin works where only the published package is installed.
expected=$(node -p 'require("./node_modules/captivate-hub-rx/package.json").version')
if [[ "$(./node_modules/.bin/captivate-hub --version)" == "$expected" ]]; then
  echo "consumer check: captivate-hub --version OK"
else
  echo "consumer check: captivate-hub --version FAILED" >&2
  status=1
fi
exit $status
