#!/usr/bin/env bash
# The repository must stand alone: no file may point outside it (a `../shared` folder beside the
# clone, the protocol reference anywhere but docs/protocol/) or to a tracker's "issue N".
# Exits 1 and lists the offending lines. Run by .ci/run; works from any directory.
set -euo pipefail
cd "$(dirname "$0")/.."

pattern='\.\./shared|(^|[^/a-z])shared/protocol|/work/|\b[Ii]ssue [0-9]+'
# Only tracked files; the lock file and the verbatim protocol reference are not ours to word.
if git ls-files -z -- . ':!package-lock.json' ':!**/package-lock.json' ':!docs/protocol/**' ':!scripts/check-self-contained.sh' \
  | xargs -0 grep -nIE "$pattern" --; then
  echo 'check-self-contained: the lines above refer to something outside the repository.' >&2
  exit 1
fi
echo 'check-self-contained: no reference outside the repository.'
