-- One row per lease contract, typed, with a flag on dates and values that
-- contradict each other.
with source as (
    select *, file_index from {{ source('landing', 'contracts') }}
),

files as (
    {{ landing_files('landing', 'contracts') }}
),

deduplicated as (
    -- Exact duplicates collapse to one row, which keeps the first file name
    -- it came from.
    {{ first_file_rows('source', 'files') }}
),

typed as (
    select
        trim(contract_id) as contract_id,
        trim(vehicle_id) as vehicle_id,
        trim(customer_id) as customer_id,
        CAST(start_date AS DATE) as start_date,
        CAST(end_date AS DATE) as end_date,
        CAST(duration_months AS INTEGER) as duration_months,
        CAST(km_allowance AS BIGINT) as km_allowance,
        CAST(purchase_price_eur AS DOUBLE) as purchase_price_eur,
        CAST(residual_value_eur AS DOUBLE) as residual_value_eur,
        lower(trim(status)) as status,
        CAST(returned_date AS DATE) as returned_date,
        source_file
    from deduplicated
)

select
    *,
    -- The end follows the start, the stated duration matches the dates
    -- within a month, and the residual value does not exceed the price.
    coalesce(
        end_date > start_date
        and abs(date_diff('month', start_date, end_date) - duration_months) <= 1
        and residual_value_eur > 0
        and residual_value_eur <= purchase_price_eur,
        false
    ) as is_consistent
from typed
