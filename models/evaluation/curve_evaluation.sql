-- How well the fitted curve values cars, against the quotations: the median
-- absolute percentage error (MdAPE) of the curve and of a plain baseline.
-- With the var curve_holdout_fold set (0 to 4), the quotations of that
-- fifth of the cars were left out of the fit and are the ones measured.
-- Otherwise every quotation is measured in sample.
--
-- Baseline: a plain least-squares fit per segment (make, fuel, body type)
-- of log(value) on age and mileage, on the same training quotations; a
-- segment with fewer than 10 quotations, or no variation, uses the fit of
-- the whole fleet. Model baseline: the same fit per model (make, model,
-- fuel), falling back to the segment's and then the fleet's.
with observations as (
    -- Only the columns used below, because DuckDB materializes this CTE,
    -- which is read twice, with every column it selects.
    select
        vehicle_id,
        make,
        model_key,
        fuel,
        body_type,
        age_months,
        mileage_km,
        trade_value_eur,
        log_value,
        is_held_out
    from {{ ref('int_curve_observations') }}
),

training as (
    select * from observations where not is_held_out
),

measured as (
    select *
    from observations
    where is_held_out or {{ var('curve_holdout_fold', -1) }} < 0
),

{% set fit_columns %}
        count(*) as n,
        avg(age_months) as mean_age,
        avg(mileage_km) as mean_km,
        avg(log_value) as mean_value,
        var_pop(age_months) as vaa,
        var_pop(mileage_km) as vkk,
        covar_pop(age_months, mileage_km) as cak,
        covar_pop(age_months, log_value) as cav,
        covar_pop(mileage_km, log_value) as ckv
{% endset %}

segment_moments as (
    select make, fuel, body_type, {{ fit_columns }}
    from training group by make, fuel, body_type
),

model_moments as (
    select make, model_key, fuel, {{ fit_columns }}
    from training group by make, model_key, fuel
),

fleet_moments as (
    select {{ fit_columns }} from training
),

{% macro solve(m) -%}
    ({{ m }}.cav * {{ m }}.vkk - {{ m }}.ckv * {{ m }}.cak) / nullif({{ m }}.vaa * {{ m }}.vkk - {{ m }}.cak * {{ m }}.cak, 0) as age_slope,
    ({{ m }}.ckv * {{ m }}.vaa - {{ m }}.cav * {{ m }}.cak) / nullif({{ m }}.vaa * {{ m }}.vkk - {{ m }}.cak * {{ m }}.cak, 0) as km_slope,
    {{ m }}.mean_age, {{ m }}.mean_km, {{ m }}.mean_value, {{ m }}.n
{%- endmacro %}

segment_fits as (
    select make, fuel, body_type, {{ solve('s') }}
    from segment_moments as s
    where s.n >= 10
        and s.vaa * s.vkk - s.cak * s.cak > 1e-9 * s.vaa * s.vkk
),

model_fits as (
    select make, model_key, fuel, {{ solve('s') }}
    from model_moments as s
    where s.n >= 10
        and s.vaa * s.vkk - s.cak * s.cak > 1e-9 * s.vaa * s.vkk
),

fleet_fit as (
    select {{ solve('f') }} from fleet_moments as f
),

predictions as (
    select
        m.trade_value_eur,
        exp(c.log_intercept + c.age_slope * m.age_months + c.km_slope * m.mileage_km) as curve_value_eur,
        exp(case
            when s.n is not null then s.mean_value + s.age_slope * (m.age_months - s.mean_age) + s.km_slope * (m.mileage_km - s.mean_km)
            else f.mean_value + f.age_slope * (m.age_months - f.mean_age) + f.km_slope * (m.mileage_km - f.mean_km)
        end) as baseline_value_eur,
        exp(case
            when d.n is not null then d.mean_value + d.age_slope * (m.age_months - d.mean_age) + d.km_slope * (m.mileage_km - d.mean_km)
            when s.n is not null then s.mean_value + s.age_slope * (m.age_months - s.mean_age) + s.km_slope * (m.mileage_km - s.mean_km)
            else f.mean_value + f.age_slope * (m.age_months - f.mean_age) + f.km_slope * (m.mileage_km - f.mean_km)
        end) as model_baseline_value_eur
    from measured as m
    join {{ ref('int_vehicle_curve') }} as c using (vehicle_id)
    cross join fleet_fit as f
    left join segment_fits as s
        on s.make = m.make and s.fuel = m.fuel and s.body_type = m.body_type
    left join model_fits as d
        on d.make = m.make and d.model_key = m.model_key and d.fuel = m.fuel
)

select
    case when {{ var('curve_holdout_fold', -1) }} < 0 then 'in_sample'
        else 'held_out_fold_{{ var('curve_holdout_fold', -1) }}' end as evaluation,
    (select count(*) from training) as training_quotations,
    count(*) as measured_quotations,
    round(100 * median(abs(curve_value_eur / trade_value_eur - 1)), 2) as curve_mdape_pct,
    round(100 * median(abs(baseline_value_eur / trade_value_eur - 1)), 2) as baseline_mdape_pct,
    round(100 * median(abs(model_baseline_value_eur / trade_value_eur - 1)), 2) as model_baseline_mdape_pct,
    round(100 * avg(abs(curve_value_eur / trade_value_eur - 1)), 2) as curve_mape_pct,
    round(100 * avg(abs(baseline_value_eur / trade_value_eur - 1)), 2) as baseline_mape_pct
from predictions
