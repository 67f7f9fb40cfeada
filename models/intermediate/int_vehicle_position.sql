-- Each vehicle on the reference date: age, contract months remaining,
-- mileage and excess over the allowance to date, net book value, open
-- damage, and whether its data contradicts itself.
with context as (
    select * from {{ ref('int_run_context') }}
),

contracts as (
    -- The current contract: the latest one started.
    select *
    from {{ ref('stg_contracts') }}
    qualify row_number() over (partition by vehicle_id order by start_date desc, contract_id desc) = 1
),

damage as (
    select
        d.vehicle_id,
        count(*) as open_damage_count,
        sum(d.estimated_cost_eur) as open_damage_cost_eur
    from {{ ref('stg_damage_reports') }} as d, context
    where d.status = 'open' and d.reported_on <= context.reference_date
    group by d.vehicle_id
),

joined as (
    select
        v.vehicle_id,
        v.vin,
        v.vin_is_valid,
        v.make,
        v.model,
        v.model_key,
        v.fuel,
        v.fuel_group,
        v.body_type,
        v.power_hp,
        v.first_registration_date,
        c.contract_id,
        c.start_date as contract_start_date,
        c.end_date as contract_end_date,
        c.duration_months,
        c.km_allowance,
        c.purchase_price_eur,
        c.residual_value_eur,
        c.status as contract_status,
        c.returned_date,
        c.is_consistent as contract_is_consistent,
        context.reference_date,
        m.mileage_km,
        m.km_per_day,
        m.mileage_decreases,
        m.implausible_readings,
        m.mileage_is_estimated,
        coalesce(d.open_damage_count, 0) as open_damage_count,
        coalesce(d.open_damage_cost_eur, 0) as open_damage_cost_eur,
        -- Share of the contract elapsed on the reference date, in [0, 1].
        least(1, greatest(0,
            date_diff('day', c.start_date, context.reference_date)
            / nullif(date_diff('day', c.start_date, c.end_date), 0)
        )) as elapsed_share
    from {{ ref('stg_vehicles') }} as v
    cross join context
    left join contracts as c using (vehicle_id)
    left join {{ ref('int_vehicle_mileage') }} as m using (vehicle_id)
    left join damage as d using (vehicle_id)
)

select
    * exclude (elapsed_share),
    date_diff('day', first_registration_date, reference_date) / 30.4375 as age_months,
    greatest(date_diff('day', reference_date, contract_end_date), 0) / 30.4375 as months_remaining,
    coalesce(contract_status = 'returned' or contract_end_date <= reference_date, false) as is_returned,
    -- Straight line from the purchase price to the residual value; a
    -- contract with inconsistent dates stays at its purchase price.
    purchase_price_eur
        - (purchase_price_eur - residual_value_eur) * coalesce(elapsed_share, 0) as book_value_eur,
    round(km_allowance * coalesce(elapsed_share, 0)) as allowance_to_date_km,
    greatest(mileage_km - round(km_allowance * coalesce(elapsed_share, 0)), 0) as excess_km,
    -- Contradictions that send the car to review.
    coalesce(
        contract_is_consistent
        and contract_start_date <= reference_date
        and contract_start_date >= first_registration_date - INTERVAL 31 DAY,
        false
    ) as dates_are_consistent
from joined
