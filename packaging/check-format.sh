#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Refuses C++ files that differ from the tree's .clang-format. Run from anywhere; lists the files
# and exits 1 when any is unformatted (fix with: clang-format -i FILE).
set -eu
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.h')
bad=""
for f in $files; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    bad="$bad $f"
  fi
done
if [ -n "$bad" ]; then
  echo "check-format: these files are not formatted with .clang-format (clang-format -i FILE):" >&2
  for f in $bad; do echo "  $f" >&2; done
  exit 1
fi
echo "check-format: $(echo "$files" | wc -w) files formatted"
