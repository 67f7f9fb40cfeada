-- One row per partner quotation, parsed from the partner's layout
-- (countries.yml partner.layout): header names, decimal and thousands
-- separators, suffixes and date format. A file delivered twice yields its
-- quotations once. The VIN links the quotation to the fleet's vehicle.
with source as (
    select *, file_index from {{ source('landing', 'quotations') }}
),

files as (
    {{ landing_files('landing', 'quotations') }}
),

parsed as (
    select
        {{ clean_vin(partner_column('vin')) }} as vin,
        {{ parse_partner_date(partner_column('valuation_date')) }} as valuation_date,
        {{ parse_partner_number(partner_column('mileage_km')) }} as mileage_km,
        {{ parse_partner_number(partner_column('trade_value')) }} as trade_value_eur,
        {{ parse_partner_number(partner_column('retail_value')) }} as retail_value_eur,
        trim({{ partner_column('make') }}) as make_source,
        trim({{ partner_column('model') }}) as model_source,
        f.file_rank
    from source as s
    join files as f using (file_index)
),

deduplicated as (
    select
        vin,
        valuation_date,
        mileage_km,
        trade_value_eur,
        retail_value_eur,
        min(make_source) as make_source,
        min(model_source) as model_source,
        min(file_rank) as file_rank,
        count(*) as deliveries
    from parsed
    group by vin, valuation_date, mileage_km, trade_value_eur, retail_value_eur
),

vehicles as (
    select vin, min(vehicle_id) as vehicle_id
    from {{ ref('stg_vehicles') }}
    group by vin
)

select
    md5(concat_ws('|', q.vin, q.valuation_date, q.mileage_km, q.trade_value_eur, q.retail_value_eur)) as quotation_id,
    v.vehicle_id,
    q.vin,
    q.valuation_date,
    CAST(round(q.mileage_km) AS BIGINT) as mileage_km,
    q.trade_value_eur,
    q.retail_value_eur,
    q.make_source,
    q.model_source,
    -- Usable for valuation: a date, a positive trade value and a mileage.
    coalesce(q.valuation_date is not null and q.trade_value_eur > 0 and q.mileage_km >= 0, false) as is_usable,
    f.filename as source_file,
    q.deliveries
from deduplicated as q
join files as f using (file_rank)
left join vehicles as v on v.vin = q.vin
