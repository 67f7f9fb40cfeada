-- Market value of each vehicle on the reference date. The curve value comes
-- from the vehicle's fitted curve at its current age and mileage. The
-- quotation value is the latest valid partner quotation (trade value) moved
-- along that curve from the quotation's age and mileage to today's, less the
-- share of open damage estimates the lessor pays (damage_cost_share_pct).
-- The rule uses the quotation value; the curve value is the cross-check.
with position as (
    select * from {{ ref('int_vehicle_position') }}
),

quotations as (
    select
        q.*,
        date_diff('day', p.first_registration_date, q.valuation_date) / 30.4375 as quoted_age_months
    from {{ ref('int_latest_quotation') }} as q
    join position as p using (vehicle_id)
),

costs as (
    select body_type, refurbishment_eur + transport_eur + selling_fee_eur as fixed_cost_eur
    from {{ ref('remarketing_costs') }}
    where country = '{{ country }}'
),

valued as (
    select
        p.vehicle_id,
        p.age_months,
        p.mileage_km,
        p.open_damage_cost_eur,
        c.age_slope,
        c.km_slope,
        c.log_intercept,
        exp(c.log_intercept + c.age_slope * p.age_months + c.km_slope * p.mileage_km) as curve_value_eur,
        q.quotation_id,
        q.valuation_date as quotation_date,
        q.quotation_age_days,
        coalesce(q.is_valid, false) as has_valid_quotation,
        q.trade_value_eur as quoted_trade_value_eur,
        q.trade_value_eur * exp(
            c.age_slope * (p.age_months - q.quoted_age_months)
            + c.km_slope * (p.mileage_km - q.quoted_mileage_km)
        ) as quotation_value_eur,
        coalesce(cost.fixed_cost_eur, fallback.fixed_cost_eur, 0) as fixed_remarketing_cost_eur
    from position as p
    left join {{ ref('int_vehicle_curve') }} as c using (vehicle_id)
    left join quotations as q using (vehicle_id)
    left join costs as cost on cost.body_type = p.body_type
    left join costs as fallback on fallback.body_type = 'unknown'
)

select
    *,
    -- Gap between the quotation and the curve, in % of the curve value.
    abs(quotation_value_eur / nullif(curve_value_eur, 0) - 1) * 100 as quotation_curve_gap_pct,
    case when has_valid_quotation then greatest(
        quotation_value_eur - open_damage_cost_eur * {{ country.params.damage_cost_share_pct }} / 100.0,
        0
    ) end as market_value_eur
from valued
