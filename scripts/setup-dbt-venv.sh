#!/bin/sh
# Creates .dbt-venv/ with dbt-core and dbt-duckdb from PyPI, for the
# optional comparison test in tests/dbt/dbt-core.test.ts.
set -eu
cd "$(dirname "$0")/.."
python3 -m venv .dbt-venv
.dbt-venv/bin/pip install --quiet --upgrade pip
# dbt-core 1.12 and later download a parser binary from outside the
# package index during install, which fails offline, so stay on 1.11.
# DuckDB stays on 1.5, the version strata's Node client reads and writes,
# so the test can open the catalog dbt wrote.
.dbt-venv/bin/pip install --quiet "dbt-core~=1.11.0" "dbt-duckdb~=1.11.0" \
  "duckdb~=1.5.0"
DBT_SEND_ANONYMOUS_USAGE_STATS=false .dbt-venv/bin/dbt --version
