-- Each vehicle's fitted value curve: log(value) = log_intercept
-- + age_slope * age_months + km_slope * km, with the slopes of its segment
-- (int_depreciation_curves) and an intercept built level by level from the
-- quotation history:
--   1. by fuel, a line in log(power): more power, higher value;
--   2. offsets of the make, the segment, the model and the version (model
--      and power), each the mean remaining residual of its group shrunk
--      towards zero by n / (n + k), so a group with few quotations moves
--      the estimate only a little and an unseen group not at all.
with training as (
    select
        o.*,
        g.gearbox,
        g.version_key,
        c.age_slope,
        c.km_slope,
        o.log_value - c.age_slope * o.age_months - c.km_slope * o.mileage_km as residual_0
    from {{ ref('int_curve_observations') }} as o
    join {{ ref('int_depreciation_curves') }} as c using (make, fuel, body_type)
    join (select vehicle_id, gearbox, lower(version) as version_key from {{ ref('stg_vehicles') }}) as g using (vehicle_id)
    where not o.is_held_out
),

power_means as (
    select fuel, avg(ln(power_hp)) as mean_log_power
    from training
    where power_hp is not null
    group by fuel
),

fleet_power as (
    select
        coalesce(case when var_pop(ln(power_hp)) > 1e-6
            then regr_slope(residual_0, ln(power_hp)) end, 0) as power_slope,
        coalesce(case when var_pop(ln(power_hp)) > 1e-6
            then regr_intercept(residual_0, ln(power_hp)) end, avg(residual_0)) as power_intercept,
        coalesce(avg(ln(power_hp)), ln(100)) as mean_log_power
    from training
),

fuel_power as (
    -- Shrunk towards the fleet's line with weight n / (n + 30).
    select
        t.fuel,
        -- A fuel whose cars all have one power has no slope of its own
        -- (regr_slope returns NaN there).
        (count(t.power_hp) * coalesce(case when var_pop(ln(t.power_hp)) > 1e-6
            then regr_slope(t.residual_0, ln(t.power_hp)) end, f.power_slope)
            + 30 * f.power_slope) / (count(t.power_hp) + 30) as power_slope,
        avg(t.residual_0) as mean_residual,
        count(*) as n
    from training as t, fleet_power as f
    group by t.fuel, f.power_slope
),

{#- The level-1 line of a car, given its fuel and power. -#}
{% macro power_line(alias) -%}
coalesce(fp.power_slope, fl.power_slope)
    * (coalesce(ln({{ alias }}.power_hp), pm.mean_log_power, fl.mean_log_power)
       - coalesce(pm.mean_log_power, fl.mean_log_power))
    + coalesce(fp.mean_residual, fl.power_intercept + fl.power_slope * fl.mean_log_power)
{%- endmacro %}

-- A cell is one combination of make, model, fuel, body type, power,
-- gearbox and trim. Every offset below groups the training quotations by
-- some of these columns, so the levels run on one row per cell instead of
-- one per quotation. `n` is the cell's number of quotations and
-- residual_k_sum the sum of their residual_k.
cells as (
    select
        make,
        model_key,
        fuel,
        body_type,
        power_hp,
        gearbox,
        version_key,
        count(*) as n,
        sum(residual_0) as residual_0_sum
    from training
    group by all
),

level_1 as (
    select c.*, c.residual_0_sum - c.n * ({{ power_line('c') }}) as residual_1_sum
    from cells as c
    cross join fleet_power as fl
    left join fuel_power as fp using (fuel)
    left join power_means as pm using (fuel)
),

gearbox_offsets as (
    select gearbox, sum(residual_1_sum) / (sum(n) + 20) as gearbox_offset
    from level_1 group by gearbox
),

level_1b as (
    select l.* replace (l.residual_1_sum - l.n * g.gearbox_offset as residual_1_sum)
    from level_1 as l join gearbox_offsets as g using (gearbox)
),

make_offsets as (
    select make, sum(residual_1_sum) / (sum(n) + 5) as make_offset
    from level_1b group by make
),

level_2 as (
    select l.*, l.residual_1_sum - l.n * m.make_offset as residual_2_sum
    from level_1b as l join make_offsets as m using (make)
),

segment_offsets as (
    select make, fuel, body_type, sum(residual_2_sum) / (sum(n) + 10) as segment_offset
    from level_2 group by make, fuel, body_type
),

level_3 as (
    select l.*, l.residual_2_sum - l.n * s.segment_offset as residual_3_sum
    from level_2 as l join segment_offsets as s using (make, fuel, body_type)
),

model_offsets as (
    select make, model_key, fuel, sum(residual_3_sum) / (sum(n) + 3) as model_offset
    from level_3 group by make, model_key, fuel
),

level_4 as (
    select l.*, l.residual_3_sum - l.n * m.model_offset as residual_4_sum
    from level_3 as l join model_offsets as m using (make, model_key, fuel)
),

version_offsets as (
    select make, model_key, fuel, power_hp, sum(residual_4_sum) / (sum(n) + 3) as version_offset
    from level_4
    where power_hp is not null
    group by make, model_key, fuel, power_hp
),

level_5 as (
    select l.*, l.residual_4_sum - l.n * coalesce(v.version_offset, 0) as residual_5_sum
    from level_4 as l
    left join version_offsets as v using (make, model_key, fuel, power_hp)
),

trim_offsets as (
    -- The version text (trim) where the source has one.
    select make, model_key, fuel, version_key, sum(residual_5_sum) / (sum(n) + 3) as trim_offset
    from level_5
    where version_key is not null
    group by make, model_key, fuel, version_key
)

select
    v.vehicle_id,
    v.make,
    v.fuel,
    v.body_type,
    c.age_slope,
    c.km_slope,
    {{ power_line('v') }}
        + coalesce(mo.make_offset, 0)
        + coalesce(so.segment_offset, 0)
        + coalesce(md.model_offset, 0)
        + coalesce(vo.version_offset, 0)
        + coalesce(tr.trim_offset, 0)
        + coalesce(gb.gearbox_offset, 0) as log_intercept,
    md.model_offset is not null as model_is_known,
    c.fitted_level
from {{ ref('stg_vehicles') }} as v
cross join fleet_power as fl
left join {{ ref('int_depreciation_curves') }} as c using (make, fuel, body_type)
left join fuel_power as fp using (fuel)
left join power_means as pm using (fuel)
left join make_offsets as mo using (make)
left join segment_offsets as so using (make, fuel, body_type)
left join model_offsets as md using (make, model_key, fuel)
left join version_offsets as vo using (make, model_key, fuel, power_hp)
left join trim_offsets as tr
    on tr.make = v.make and tr.model_key = v.model_key and tr.fuel = v.fuel
    and tr.version_key = lower(v.version)
left join gearbox_offsets as gb using (gearbox)
