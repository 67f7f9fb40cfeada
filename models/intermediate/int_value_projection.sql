-- Month by month over the country's projection_months: the market value
-- (from today's value along the vehicle's curve, plus the market drift of
-- its fuel group), the book value, the remarketing cost and the margin of a
-- sale in that month. Month 0 is the reference date. A car with no valid
-- quotation is projected from its curve value.
with position as (
    select * from {{ ref('int_vehicle_position') }}
),

valuation as (
    select * from {{ ref('int_vehicle_valuation') }}
),

months as (
    select CAST(m AS INTEGER) as month_offset
    from range(0, {{ country.params.projection_months }} + 1) as t(m)
),

projected as (
    select
        p.vehicle_id,
        m.month_offset,
        CAST(p.reference_date + to_months(m.month_offset) AS DATE) as month_start,
        p.contract_end_date,
        p.contract_start_date,
        p.purchase_price_eur,
        p.residual_value_eur,
        p.is_returned,
        p.fuel_group,
        -- The car drives until its contract ends or it is returned.
        case when p.is_returned then 0 else p.km_per_day * greatest(0, date_diff('day',
            p.reference_date,
            least(CAST(p.reference_date + to_months(m.month_offset) AS DATE), p.contract_end_date)
        )) end as added_km,
        coalesce(v.market_value_eur, v.curve_value_eur) as value_now_eur,
        v.age_slope,
        v.km_slope,
        v.fixed_remarketing_cost_eur
    from position as p
    cross join months as m
    join valuation as v using (vehicle_id)
),

valued as (
    select
        *,
        value_now_eur
            * exp(coalesce(age_slope, 0) * month_offset + coalesce(km_slope, 0) * added_km)
            * power(1 + case fuel_group
                when 'petrol' then {{ country.params.market_drift_pct_petrol }}
                when 'diesel' then {{ country.params.market_drift_pct_diesel }}
                when 'hybrid' then {{ country.params.market_drift_pct_hybrid }}
                when 'electric' then {{ country.params.market_drift_pct_electric }}
                else {{ country.params.market_drift_pct_other }}
            end / 100.0, month_offset / 12.0) as market_value_eur,
        purchase_price_eur - (purchase_price_eur - residual_value_eur) * least(1, greatest(0,
            date_diff('day', contract_start_date, month_start)
            / nullif(date_diff('day', contract_start_date, contract_end_date), 0)
        )) as book_value_eur
    from projected
)

select
    vehicle_id,
    month_offset,
    month_start,
    market_value_eur,
    book_value_eur,
    fixed_remarketing_cost_eur
        + market_value_eur * {{ country.params.dealer_fee_pct }} / 100.0 as remarketing_cost_eur,
    market_value_eur - book_value_eur - fixed_remarketing_cost_eur
        - market_value_eur * {{ country.params.dealer_fee_pct }} / 100.0 as margin_eur,
    -- Sale months the contract allows: until its end, or today for a car
    -- already back.
    month_offset = 0 or month_start <= contract_end_date as is_within_contract,
    not is_returned
        and month_start <= contract_end_date + to_months({{ country.params.extension_months }})
        as is_within_extension
from valued
