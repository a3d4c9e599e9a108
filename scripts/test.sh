#!/usr/bin/env bash
# The whole test suite (`npm test`): installs missing test tools, builds (tsc typechecks src/),
# typechecks test/ and bench/, then runs every *.test.ts under src/ and test/ in ONE node test
# runner invocation so one summary (`# pass N` / `# fail N`) closes the output.
# Exits non-zero when anything fails. Extra arguments go to `node --test` (e.g. --test-name-pattern).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-deps.sh
npm run build
npx tsc -p test/tsconfig.json --noEmit

# Node 20's --test does not expand globs itself: list the files here, sorted for a stable order.
mapfile -t files < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "test.sh: no test files found" >&2; exit 1; fi

# tools/bin (kubectl from install-deps.sh) first on PATH only when it exists; /usr/sbin for nft, ip, ...
[ -d tools/bin ] && PATH="$PWD/tools/bin:$PATH"
export PATH="$PATH:/usr/sbin:/sbin"

# Two cores: two test files at a time (e2e files each run a server plus kubectl processes).
# Per-test timeout so a hung server cannot stall the suite past its 20-minute budget.
exec node --import tsx --test --test-reporter=tap --test-concurrency=2 --test-timeout=300000 "$@" "${files[@]}"
