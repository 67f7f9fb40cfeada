-- One row per damage report; the workshop CSV is read as text and typed here.
with source as (
    select *, file_index from {{ source('landing', 'damage_reports') }}
),

files as (
    {{ landing_files('landing', 'damage_reports') }}
),

deduplicated as (
    -- Exact duplicates collapse to one row, which keeps the first file name
    -- it came from.
    {{ first_file_rows('source', 'files') }}
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
