#!/bin/sh
# Creates .dbt-venv/ with dbt-core and dbt-duckdb from PyPI, for the
# optional comparison test in tests/dbt/dbt-core.test.ts.
set -eu
cd "$(dirname "$0")/.."
python3 -m venv .dbt-venv
.dbt-venv/bin/pip install --quiet --upgrade pip
# dbt-core 2.x builds by downloading a wheel from GitHub, which fails
# offline, so stay on the 1.x line that dbt-duckdb supports.
.dbt-venv/bin/pip install --quiet "dbt-core>=1.8,<2" dbt-duckdb
.dbt-venv/bin/dbt --version
