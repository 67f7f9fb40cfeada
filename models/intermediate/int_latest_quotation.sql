-- The latest usable partner quotation of each vehicle dated on or before
-- the reference date, and whether it is still valid (not older than the
-- country's quotation_validity_days). Vehicles never quoted have no row.
with context as (
    select * from {{ ref('int_run_context') }}
),

usable as (
    select q.*
    from {{ ref('stg_quotations') }} as q, context
    where q.is_usable
        and q.vehicle_id is not null
        and q.valuation_date <= context.reference_date
),

-- Each vehicle's latest date comes from a plain max, which costs less than
-- a window sorting all its quotations. The window below then orders only
-- the quotations on that date, usually one.
latest_date as (
    select vehicle_id, max(valuation_date) as valuation_date
    from usable
    group by vehicle_id
)

select
    q.vehicle_id,
    q.quotation_id,
    q.valuation_date,
    q.mileage_km as quoted_mileage_km,
    q.trade_value_eur,
    q.retail_value_eur,
    context.reference_date,
    date_diff('day', q.valuation_date, context.reference_date) as quotation_age_days,
    date_diff('day', q.valuation_date, context.reference_date)
        <= {{ country.params.quotation_validity_days }} as is_valid,
    q.source_file
from usable as q
semi join latest_date using (vehicle_id, valuation_date)
cross join context
qualify row_number() over (
    partition by q.vehicle_id
    order by q.source_file desc, q.quotation_id
) = 1
