-- One row per damage report; the workshop CSV is read as text and typed here.
with source as (
    select * from {{ source('landing', 'damage_reports') }}
),

deduplicated as (
    select * exclude (filename), min(filename) as source_file
    from source
    group by all
)

select
    trim(damage_id) as damage_id,
    trim(vehicle_id) as vehicle_id,
    TRY_CAST(reported_on AS DATE) as reported_on,
    lower(trim(category)) as category,
    TRY_CAST(estimated_cost_eur AS DOUBLE) as estimated_cost_eur,
    lower(trim(status)) as status,
    source_file
from deduplicated
