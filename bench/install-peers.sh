#!/usr/bin/env bash
# Installs the tools strata is compared with under bench/.work (git-ignored):
# dbt-core with dbt-duckdb in a Python virtual environment, and the Dataform
# CLI with @dataform/core from npm. dbt-core 1.12 is not used because its
# install downloads a parser binary from outside the package index.
set -euo pipefail
work="$(cd "$(dirname "$0")" && pwd)/.work"
mkdir -p "$work/dataform"

if [ ! -x "$work/venv/bin/dbt" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet "dbt-core~=1.11.0" "dbt-duckdb~=1.11.0"
fi

cd "$work/dataform"
[ -f package.json ] || echo '{ "name": "dataform-bench", "private": true }' > package.json
npm install --no-audit --no-fund @dataform/cli@3.0.69 @dataform/core@3.0.62
