-- One row per odometer reading, exact duplicates removed. Readings above
-- the country's max_plausible_km (999999 and similar) are kept and flagged.
with source as (
    select *, file_index from {{ source('landing', 'odometer_readings') }}
),

files as (
    {{ landing_files('landing', 'odometer_readings') }}
),

deduplicated as (
    -- Exact duplicates collapse to one row, which keeps the first file name
    -- it came from.
    {{ first_file_rows('source', 'files') }}
)

select
    md5(concat_ws('|', vehicle_id, reading_date, odometer_km, source)) as reading_id,
    trim(vehicle_id) as vehicle_id,
    CAST(reading_date AS DATE) as reading_date,
    CAST(odometer_km AS BIGINT) as odometer_km,
    lower(trim(source)) as reading_source,
    CAST(odometer_km AS BIGINT) between 0 and {{ country.params.max_plausible_km }} as is_plausible,
    source_file
from deduplicated
