-- The quotation history the depreciation curves are fitted on: every usable
-- quotation dated on or before the reference date, with the car's age and
-- mileage at valuation and its segment. `fold` (0 to 4, from the VIN) splits
-- the cars into fifths, and the var curve_holdout_fold leaves one fifth out
-- of the fit to measure the curve on cars it has not seen.
with context as (
    select * from {{ ref('int_run_context') }}
)

select
    q.quotation_id,
    q.vehicle_id,
    v.make,
    v.model_key,
    v.fuel,
    v.fuel_group,
    v.body_type,
    v.power_hp,
    q.valuation_date,
    date_diff('day', v.first_registration_date, q.valuation_date) / 30.4375 as age_months,
    q.mileage_km,
    q.trade_value_eur,
    ln(q.trade_value_eur) as log_value,
    CAST(hash(v.vin) % 5 AS INTEGER) as fold,
    CAST(hash(v.vin) % 5 AS INTEGER) = {{ var('curve_holdout_fold', -1) }} as is_held_out
from {{ ref('stg_quotations') }} as q
join {{ ref('stg_vehicles') }} as v using (vehicle_id)
cross join context
where q.is_usable
    and q.valuation_date <= context.reference_date
    and v.first_registration_date <= q.valuation_date
    and q.mileage_km between 0 and {{ country.params.max_plausible_km }}
    and q.trade_value_eur >= 300
