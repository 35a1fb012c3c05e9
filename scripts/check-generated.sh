#!/usr/bin/env bash
# Regenerates every committed generated file and fails when any differs from what is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent schema
npm run --silent build
if ! git diff --quiet -- schema dist || [ -n "$(git status --porcelain -- schema dist)" ]; then
  echo "Generated files are stale. Run 'npm run schema && npm run build' and commit the result:" >&2
  git status --porcelain -- schema dist >&2
  git --no-pager diff --stat -- schema dist >&2
  exit 1
fi
echo "generated files are up to date"
