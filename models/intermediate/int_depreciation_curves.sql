-- Depreciation curve of each segment (make, fuel, body type): the monthly
-- rate by age and the rate by kilometre, fitted in SQL on the quotation
-- history as log(value) = intercept + age_slope * age + km_slope * km.
--
-- The slopes are estimated within versions (make, model, fuel, power): each
-- quotation is compared with the mean of its own version, so that a segment
-- whose old cars happen to be cheaper models does not look steeper. Small
-- segments borrow strength from larger ones: the segment's slopes are a
-- ridge regression towards the make and fuel's, those towards the fuel's,
-- and those towards the whole fleet's.
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

{#- Ridge regression towards the parent group's slopes: the two-regressor
    least squares with 50 pseudo-observations of typical spread (the fleet's
    mean within-version variance of age and of mileage) that sit on the
    parent's line. A group with little spread in age or mileage, whose own
    slope is noise, stays close to its parent. -#}
{% macro ridge(s, parent, slope) -%}
{%- set saa = s ~ ".saa + 50 * prior.age_var" -%}
{%- set skk = s ~ ".skk + 50 * prior.km_var" -%}
{%- set sav = s ~ ".sav + 50 * prior.age_var * " ~ parent ~ ".age_slope" -%}
{%- set skv = s ~ ".skv + 50 * prior.km_var * " ~ parent ~ ".km_slope" -%}
{%- set det = "((" ~ saa ~ ") * (" ~ skk ~ ") - " ~ s ~ ".sak * " ~ s ~ ".sak)" -%}
{%- if slope == 'age' -%}
coalesce((({{ sav }}) * ({{ skk }}) - ({{ skv }}) * {{ s }}.sak) / nullif({{ det }}, 0), {{ parent }}.age_slope)
{%- else -%}
coalesce((({{ skv }}) * ({{ saa }}) - ({{ sav }}) * {{ s }}.sak) / nullif({{ det }}, 0), {{ parent }}.km_slope)
{%- endif -%}
{%- endmacro %}

prior as (
    select
        greatest(saa / nullif(n, 0), 1e-6) as age_var,
        greatest(skk / nullif(n, 0), 1e-6) as km_var
    from fleet_sums
),

fleet_slopes as (
    -- The fleet's plain least squares. A fleet with no spread at all gets
    -- 1% a month and 2% per 10,000 km.
    select
        coalesce(
            (s.sav * s.skk - s.skv * s.sak) / nullif(s.saa * s.skk - s.sak * s.sak, 0),
            -0.01
        ) as age_slope,
        coalesce(
            (s.skv * s.saa - s.sav * s.sak) / nullif(s.saa * s.skk - s.sak * s.sak, 0),
            -0.02
        ) as km_slope
    from fleet_sums as s
),

fuel_slopes as (
    select
        s.fuel,
        {{ ridge('s', 'f', 'age') }} as age_slope,
        {{ ridge('s', 'f', 'km') }} as km_slope
    from fuel_sums as s, fleet_slopes as f, prior
),

make_fuel_slopes as (
    select
        s.make,
        s.fuel,
        {{ ridge('s', 'p', 'age') }} as age_slope,
        {{ ridge('s', 'p', 'km') }} as km_slope
    from make_fuel_sums as s
    join fuel_slopes as p using (fuel)
    cross join prior
),

parents as (
    select
        g.make,
        g.fuel,
        g.body_type,
        coalesce(mf.age_slope, fs.age_slope, fl.age_slope) as age_slope,
        coalesce(mf.km_slope, fs.km_slope, fl.km_slope) as km_slope,
        case
            when mf.make is not null then 'make_fuel'
            when fs.fuel is not null then 'fuel'
            else 'fleet'
        end as parent_level
    from segments as g
    cross join fleet_slopes as fl
    left join make_fuel_slopes as mf using (make, fuel)
    left join fuel_slopes as fs using (fuel)
),

segment_slopes as (
    select
        p.make,
        p.fuel,
        p.body_type,
        coalesce(s.n, 0) as observations,
        {{ ridge('s', 'p', 'age') }} as age_slope,
        {{ ridge('s', 'p', 'km') }} as km_slope,
        case when s.n >= 50 then 'segment' else p.parent_level end as fitted_level
    from parents as p
    cross join prior
    left join segment_sums as s using (make, fuel, body_type)
)

select
    make,
    fuel,
    body_type,
    observations,
    age_slope,
    -- Stored per kilometre; fitted per 10,000 km for numeric conditioning.
    km_slope / 10000.0 as km_slope,
    fitted_level,
    round((1 - exp(age_slope)) * 100, 3) as monthly_depreciation_pct,
    round((1 - exp(km_slope)) * 100, 3) as depreciation_pct_per_10000_km
from (
    -- A car does not gain value with age or kilometres, nor lose more than
    -- 5% a month or 30% per 10,000 km.
    select
        * replace (
            greatest(least(age_slope, 0), -0.05) as age_slope,
            greatest(least(km_slope, 0), -0.357) as km_slope
        )
    from segment_slopes
)
