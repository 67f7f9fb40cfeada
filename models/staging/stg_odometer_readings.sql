-- One row per odometer reading, exact duplicates removed. Readings above
-- the country's max_plausible_km (999999 and similar) are kept and flagged.
with source as (
    select * from {{ source('landing', 'odometer_readings') }}
),

deduplicated as (
    select * exclude (filename), min(filename) as source_file
    from source
    group by all
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
