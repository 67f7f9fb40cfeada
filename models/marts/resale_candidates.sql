-- The dealers' list: one row per vehicle of the country with its value,
-- book value and margin today, the best month to sell, and its segment and
-- reason code from the segmentation rule (macro resale_segmentation).
with inputs as (
    select
        p.vehicle_id,
        p.vin,
        p.vin_is_valid,
        p.contract_id,
        p.make,
        p.model,
        p.fuel,
        p.body_type,
        p.power_hp,
        p.first_registration_date,
        round(p.age_months, 1) as age_months,
        p.mileage_km,
        p.excess_km,
        p.contract_end_date,
        round(p.months_remaining, 1) as months_remaining,
        p.is_returned,
        p.dates_are_consistent,
        p.mileage_decreases,
        p.implausible_readings,
        p.open_damage_cost_eur,
        p.residual_value_eur,
        p.purchase_price_eur,
        p.book_value_eur,
        v.curve_value_eur,
        v.quotation_date,
        v.has_valid_quotation,
        v.quotation_curve_gap_pct,
        v.market_value_eur,
        b.margin_now_eur,
        b.best_month_offset,
        b.best_month_start,
        b.best_margin_eur,
        b.extension_margin_eur,
        ctx.reference_date,
        ctx.quarter_label,
        ctx.next_quarter_start,
        ctx.next_quarter_end
    from {{ ref('int_vehicle_position') }} as p
    cross join {{ ref('int_run_context') }} as ctx
    left join {{ ref('int_vehicle_valuation') }} as v using (vehicle_id)
    left join {{ ref('int_best_month') }} as b using (vehicle_id)
)

select
    * exclude (next_quarter_start, next_quarter_end),
    {{ resale_segmentation() }}
from inputs
