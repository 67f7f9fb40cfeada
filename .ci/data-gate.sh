#!/usr/bin/env bash
# Data gate: generates the bundled sample landing zone and builds the resale
# project for every country on it. A failing error-level data test makes
# `strata build` exit non-zero, and so this script.
set -euo pipefail
cd "$(dirname "$0")/.."

landing="target/ci-landing"
reference_date="2026-10-01"

npx tsx scripts/generate-landing.ts --vehicles 20000 --out "$landing" \
  --reference-date "$reference_date"

for country in fr de es; do
  echo "== strata build --country $country"
  npx tsx src/cli/main.ts build --country "$country" --quiet \
    --vars "{\"landing_dir\": \"$landing\", \"reference_date\": \"$reference_date\"}"
done
