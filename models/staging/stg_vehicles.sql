-- One row per vehicle: VIN cleaned, make spelling unified through
-- make_aliases, fuel, gearbox and body labels mapped through the seeds.
with source as (
    select *, file_index from {{ source('landing', 'vehicles') }}
),

files as (
    {{ landing_files('landing', 'vehicles') }}
),

deduplicated as (
    -- Exact duplicates (the same row delivered twice) collapse to one row,
    -- which keeps the first file name it came from.
    {{ first_file_rows('source', 'files') }}
),

make_aliases as (
    select distinct {{ label_key('alias') }} as make_key, make
    from {{ ref('make_aliases') }}
),

fuel_codes as (
    select distinct {{ label_key('source_value') }} as label, fuel, fuel_group
    from {{ ref('fuel_codes') }}
),

gearbox_codes as (
    select distinct {{ label_key('source_value') }} as label, gearbox
    from {{ ref('gearbox_codes') }}
),

body_codes as (
    select distinct {{ label_key('source_value') }} as label, body_type
    from {{ ref('body_codes') }}
),

-- The label keys are computed once per distinct label rather than once per
-- vehicle, because a fleet has a few dozen spellings of each and the
-- regular expressions of label_key cost seconds over a million vehicles.
labels as (
    select distinct make, model, fuel, gearbox, body
    from {{ source('landing', 'vehicles') }}
),

makes as (
    select l.make as make_source, m.make
    from (select distinct trim(make) as make from labels) as l
    join make_aliases as m on m.make_key = {{ label_key('l.make') }}
),

models as (
    select model as model_source, model, {{ label_key('model') }} as model_key
    from (
        select distinct
            model as model_source,
            trim(regexp_replace(model, '\s+', ' ', 'g')) as model
        from labels
    )
),

fuels as (
    select l.fuel as fuel_source, f.fuel, f.fuel_group
    from (select distinct fuel from labels) as l
    join fuel_codes as f on f.label = {{ label_key('l.fuel') }}
),

gearboxes as (
    select l.gearbox as gearbox_source, g.gearbox
    from (select distinct gearbox from labels) as l
    join gearbox_codes as g on g.label = {{ label_key('l.gearbox') }}
),

bodies as (
    select l.body as body_source, b.body_type
    from (select distinct body from labels) as l
    join body_codes as b on b.label = {{ label_key('l.body') }}
),

cleaned as (
    select
        trim(vehicle_id) as vehicle_id,
        {{ clean_vin('vin') }} as vin,
        trim(make) as make_source,
        model as model_source,
        nullif(trim(CAST(version AS VARCHAR)), '') as version,
        fuel as fuel_source,
        gearbox as gearbox_source,
        body as body_source,
        CAST(power_hp AS INTEGER) as power_hp,
        CAST(first_registration_date AS DATE) as first_registration_date,
        CAST(list_price_eur AS DOUBLE) as list_price_eur,
        source_file
    from deduplicated
)

select
    c.vehicle_id,
    c.vin,
    {{ is_valid_vin('c.vin') }} as vin_is_valid,
    coalesce(m.make, c.make_source) as make,
    c.make_source,
    md.model,
    md.model_key,
    c.version,
    coalesce(f.fuel, 'unknown') as fuel,
    coalesce(f.fuel_group, 'other') as fuel_group,
    c.fuel_source,
    coalesce(g.gearbox, 'unknown') as gearbox,
    coalesce(b.body_type, 'unknown') as body_type,
    c.body_source,
    -- Power under 30 hp or over 1,000 hp is a placeholder, not a car.
    case when c.power_hp between 30 and 1000 then c.power_hp end as power_hp,
    c.first_registration_date,
    c.list_price_eur,
    c.source_file
from cleaned as c
left join makes as m on m.make_source = c.make_source
left join models as md on md.model_source = c.model_source
left join fuels as f on f.fuel_source = c.fuel_source
left join gearboxes as g on g.gearbox_source = c.gearbox_source
left join bodies as b on b.body_source = c.body_source
