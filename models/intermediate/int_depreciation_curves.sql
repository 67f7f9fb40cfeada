-- Depreciation curve of each segment (make, fuel, body type): the monthly
-- rate by age and the rate by kilometre, fitted in SQL on the quotation
-- history as log(value) = intercept + age_slope * age + km_slope * km.
--
-- The slopes are estimated within versions (make, model, fuel, power): each
-- quotation is compared with the mean of its own version, so that a segment
-- whose old cars happen to be cheaper models does not look steeper. Small
-- segments borrow strength from larger ones: the segment's least-squares
-- slope is shrunk towards the make and fuel's, that one towards the fuel's,
-- and that one towards the whole fleet's, with weight n / (n + 50) on the
-- smaller group's own estimate.
with training as (
    select *, mileage_km / 10000.0 as km_10k
    from {{ ref('int_curve_observations') }}
    where not is_held_out
),

demeaned as (
    select
        *,
        count(*) over version_rows as version_size,
        age_months - avg(age_months) over version_rows as age_d,
        km_10k - avg(km_10k) over version_rows as km_d,
        log_value - avg(log_value) over version_rows as value_d
    from training
    window version_rows as (partition by make, model_key, fuel, power_hp)
),

informative as (
    select * from demeaned where version_size > 1
),

{% set sums %}
        count(*) as n,
        sum(age_d * age_d) as saa,
        sum(km_d * km_d) as skk,
        sum(age_d * km_d) as sak,
        sum(age_d * value_d) as sav,
        sum(km_d * value_d) as skv
{% endset %}

fleet_sums as (
    select {{ sums }} from informative
),

fuel_sums as (
    select fuel, {{ sums }} from informative group by fuel
),

make_fuel_sums as (
    select make, fuel, {{ sums }} from informative group by make, fuel
),

segment_sums as (
    select make, fuel, body_type, {{ sums }} from informative group by make, fuel, body_type
),

segments as (
    select distinct make, fuel, body_type from {{ ref('stg_vehicles') }}
    union
    select distinct make, fuel, body_type from training
),

{#- Two-regressor least squares from the sums; NULL when the design is
    singular (no variation in age or mileage). -#}
{% macro age_slope(s) -%}
case when {{ s }}.saa * {{ s }}.skk - {{ s }}.sak * {{ s }}.sak > 1e-9 * {{ s }}.saa * {{ s }}.skk
    then ({{ s }}.sav * {{ s }}.skk - {{ s }}.skv * {{ s }}.sak) / ({{ s }}.saa * {{ s }}.skk - {{ s }}.sak * {{ s }}.sak) end
{%- endmacro %}
{% macro km_slope(s) -%}
case when {{ s }}.saa * {{ s }}.skk - {{ s }}.sak * {{ s }}.sak > 1e-9 * {{ s }}.saa * {{ s }}.skk
    then ({{ s }}.skv * {{ s }}.saa - {{ s }}.sav * {{ s }}.sak) / ({{ s }}.saa * {{ s }}.skk - {{ s }}.sak * {{ s }}.sak) end
{%- endmacro %}
{% macro shrink(own, n, parent) -%}
coalesce(({{ n }} * {{ own }} + 50 * {{ parent }}) / ({{ n }} + 50), {{ parent }})
{%- endmacro %}

fleet_slopes as (
    select
        coalesce({{ age_slope('s') }}, -0.01) as age_slope,
        coalesce({{ km_slope('s') }}, -0.02) as km_slope
    from fleet_sums as s
),

fuel_slopes as (
    select
        s.fuel,
        {{ shrink(age_slope('s'), 's.n', 'f.age_slope') }} as age_slope,
        {{ shrink(km_slope('s'), 's.n', 'f.km_slope') }} as km_slope
    from fuel_sums as s, fleet_slopes as f
),

make_fuel_slopes as (
    select
        s.make,
        s.fuel,
        {{ shrink(age_slope('s'), 's.n', 'p.age_slope') }} as age_slope,
        {{ shrink(km_slope('s'), 's.n', 'p.km_slope') }} as km_slope
    from make_fuel_sums as s
    join fuel_slopes as p using (fuel)
),

segment_slopes as (
    select
        g.make,
        g.fuel,
        g.body_type,
        coalesce(s.n, 0) as observations,
        coalesce(
            {{ shrink(age_slope('s'), 's.n', 'coalesce(mf.age_slope, fs.age_slope, fl.age_slope)') }},
            mf.age_slope, fs.age_slope, fl.age_slope
        ) as age_slope,
        coalesce(
            {{ shrink(km_slope('s'), 's.n', 'coalesce(mf.km_slope, fs.km_slope, fl.km_slope)') }},
            mf.km_slope, fs.km_slope, fl.km_slope
        ) as km_slope,
        case
            when s.n >= 50 then 'segment'
            when mf.make is not null then 'make_fuel'
            when fs.fuel is not null then 'fuel'
            else 'fleet'
        end as fitted_level
    from segments as g
    cross join fleet_slopes as fl
    left join segment_sums as s using (make, fuel, body_type)
    left join make_fuel_slopes as mf using (make, fuel)
    left join fuel_slopes as fs using (fuel)
)

select
    make,
    fuel,
    body_type,
    observations,
    -- A car does not gain value with age or kilometres.
    least(age_slope, 0) as age_slope,
    -- Stored per kilometre; fitted per 10,000 km for numeric conditioning.
    least(km_slope, 0) / 10000.0 as km_slope,
    fitted_level,
    round((1 - exp(least(age_slope, 0))) * 100, 3) as monthly_depreciation_pct,
    round((1 - exp(least(km_slope, 0))) * 100, 3) as depreciation_pct_per_10000_km
from segment_slopes
