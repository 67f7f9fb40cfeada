import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A small project in three layers with a seed, tags, descriptions, tests
 * and a `remarketing_summary` mart shaped like the resale project's.
 */
export const fixtureFiles: Record<string, string> = {
  "strata.yml": `name: fleet_demo
models:
  materialized: view
  staging:
    tags: [staging]
  marts:
    materialized: table
    tags: [marts]
targets:
  dev:
    engine: duckdb
    path: target/strata.duckdb
    threads: 2
default_target: dev
`,
  "seeds/segments.csv": `segment,label
PROPOSE_NOW,Propose now
HOLD,Hold
EXTEND,Extend
`,
  "models/staging/stg_vehicles.sql": `select * from (values
  (1, 'PROPOSE_NOW', 1200.0), (2, 'PROPOSE_NOW', 800.0),
  (3, 'HOLD', -150.0), (4, 'EXTEND', 300.0)
) as v(vehicle_id, segment, margin_eur)
`,
  "models/staging/stg_segments.sql": `select * from {{ ref('segments') }}
`,
  "models/staging/staging.yml": `models:
  - name: stg_vehicles
    description: One row per vehicle with its segment and margin.
    columns:
      - name: vehicle_id
        description: Fleet number of the vehicle.
        tests: [not_null, unique]
      - name: segment
        tests:
          - accepted_values:
              values: [PROPOSE_NOW, HOLD, EXTEND]
`,
  "models/marts/resale_candidates.sql": `select v.*, s.label
from {{ ref('stg_vehicles') }} as v
join {{ ref('stg_segments') }} as s using (segment)
`,
  "models/marts/remarketing_summary.sql": `select segment, count(*) as vehicles,
  sum(margin_eur) as margin_now_eur, sum(margin_eur) * 1.1 as best_margin_eur
from {{ ref('resale_candidates') }}
group by segment
`,
  "models/marts/marts.yml": `models:
  - name: remarketing_summary
    description: Vehicles and margins per segment.
    config:
      tags: [summary]
`,
};

/** Writes the fixture project to a new temporary folder and returns it. */
export async function writeFixtureProject(
  files: Record<string, string> = fixtureFiles,
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "strata-docs-"));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}
