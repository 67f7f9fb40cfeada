#!/bin/sh
# Creates .dbt-venv/ with dbt-core and dbt-duckdb from PyPI, for the
# optional comparison test in tests/dbt/dbt-core.test.ts.
set -eu
cd "$(dirname "$0")/.."
python3 -m venv .dbt-venv
.dbt-venv/bin/pip install --quiet --upgrade pip
.dbt-venv/bin/pip install --quiet dbt-core dbt-duckdb
.dbt-venv/bin/dbt --version
