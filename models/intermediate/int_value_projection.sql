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

{%- set p = country.params %}

months as (
    -- Each month's first day and market drift factor per fuel group are
    -- computed here once, not for every vehicle.
    select
        {%- for fuel_group in ['petrol', 'diesel', 'hybrid', 'electric', 'other'] %}
        power(1 + {{ p['market_drift_pct_' ~ fuel_group] }} / 100.0, month_offset / 12.0) as drift_{{ fuel_group }},
        {%- endfor %}
        month_offset,
        {{ projection_month_start('context.reference_date', 'month_offset') }} as month_start
    from (
        select CAST(m AS INTEGER) as month_offset
        from range(0, {{ p.projection_months }} + 1) as t(m)
    )
    cross join {{ ref('int_run_context') }} as context
),

vehicles as (
    -- Values that do not change from month to month, computed once per
    -- vehicle instead of once per vehicle and month.
    select
        p.vehicle_id,
        p.fuel_group,
        p.contract_start_date,
        p.contract_end_date,
        p.contract_end_date + to_months({{ country.params.extension_months }}) as extension_end,
        nullif(date_diff('day', p.contract_start_date, p.contract_end_date), 0) as contract_days,
        p.purchase_price_eur,
        p.residual_value_eur,
        p.is_returned,
        p.reference_date,
        p.km_per_day,
        coalesce(v.market_value_eur, v.curve_value_eur) as value_now_eur,
        v.age_slope,
        v.km_slope,
        v.fixed_remarketing_cost_eur
    from position as p
    join valuation as v using (vehicle_id)
),

projected as (
    select
        v.vehicle_id,
        m.month_offset,
        m.month_start,
        v.contract_end_date,
        v.extension_end,
        v.contract_start_date,
        v.contract_days,
        v.purchase_price_eur,
        v.residual_value_eur,
        v.is_returned,
        case v.fuel_group
            when 'petrol' then m.drift_petrol
            when 'diesel' then m.drift_diesel
            when 'hybrid' then m.drift_hybrid
            when 'electric' then m.drift_electric
            else m.drift_other
        end as drift_factor,
        -- The car drives until its contract ends or it is returned.
        case when v.is_returned then 0 else v.km_per_day * greatest(0, date_diff('day',
            v.reference_date,
            least(m.month_start, v.contract_end_date)
        )) end as added_km,
        v.value_now_eur,
        v.age_slope,
        v.km_slope,
        v.fixed_remarketing_cost_eur
    from vehicles as v
    cross join months as m
),

valued as (
    select
        *,
        value_now_eur
            * exp(coalesce(age_slope, 0) * month_offset + coalesce(km_slope, 0) * added_km)
            * drift_factor as market_value_eur,
        purchase_price_eur - (purchase_price_eur - residual_value_eur) * least(1, greatest(0,
            date_diff('day', contract_start_date, month_start) / contract_days
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
        and month_start <= extension_end
        as is_within_extension
from valued
