-- Mileage of each vehicle on the reference date: the latest plausible
-- reading, extrapolated at the vehicle's recent daily rate up to the
-- reference date (or the return of the car, when it came back earlier).
with context as (
    select * from {{ ref('int_run_context') }}
),

readings as (
    select
        r.vehicle_id,
        r.reading_date,
        r.odometer_km,
        lag(r.odometer_km) over (
            partition by r.vehicle_id order by r.reading_date, r.odometer_km desc
        ) as previous_km,
        max(r.reading_date) over (partition by r.vehicle_id) as last_reading_date
    from {{ ref('stg_odometer_readings') }} as r, context
    where r.is_plausible and r.reading_date <= context.reference_date
),

latest as (
    -- The latest reading, and the earliest one of the year before it for
    -- the daily rate, in one pass over the readings.
    select
        vehicle_id,
        last_reading_date,
        count(*) as reading_count,
        -- A drop of more than 50 km between consecutive readings.
        coalesce(bool_or(previous_km - odometer_km > 50), false) as mileage_decreases,
        arg_max(odometer_km, reading_date) as last_reading_km,
        -- A DATE minus a number of days is a DATE. A DATE minus an INTERVAL
        -- is a TIMESTAMP, which would cast every reading's date to compare.
        arg_min(odometer_km, reading_date)
            filter (where reading_date >= last_reading_date - 365) as year_first_km,
        min(reading_date)
            filter (where reading_date >= last_reading_date - 365) as year_first_date
    from readings
    group by vehicle_id, last_reading_date
),

recent_rate as (
    select
        vehicle_id,
        (last_reading_km - year_first_km)
            / nullif(date_diff('day', year_first_date, last_reading_date), 0) as km_per_day,
        date_diff('day', year_first_date, last_reading_date) as rate_days
    from latest
),

implausible as (
    -- Only the few implausible readings are grouped. A vehicle without any
    -- has no row here and gets 0 below.
    select vehicle_id, count(*) as implausible_readings
    from {{ ref('stg_odometer_readings') }}
    where not is_plausible
    group by vehicle_id
),

vehicles as (
    select
        v.vehicle_id,
        v.first_registration_date,
        c.end_date,
        c.returned_date,
        c.status
    from {{ ref('stg_vehicles') }} as v
    left join {{ ref('stg_contracts') }} as c using (vehicle_id)
    qualify row_number() over (partition by v.vehicle_id order by c.start_date desc nulls last) = 1
),

rates as (
    select
        v.*,
        l.reading_count,
        l.mileage_decreases,
        l.last_reading_date,
        l.last_reading_km,
        case
            when r.rate_days >= 30 then greatest(r.km_per_day, 0)
            when l.last_reading_date > v.first_registration_date + INTERVAL 30 DAY
                then l.last_reading_km / date_diff('day', v.first_registration_date, l.last_reading_date)
        end as own_km_per_day
    from vehicles as v
    left join latest as l using (vehicle_id)
    left join recent_rate as r using (vehicle_id)
),

fleet_rate as (
    select coalesce(median(own_km_per_day), 40) as km_per_day from rates
),

extrapolated as (
    select
        r.*,
        coalesce(r.own_km_per_day, f.km_per_day) as km_per_day,
        r.own_km_per_day is null as rate_is_fleet_median,
        -- The car stops driving when it is returned.
        least(context.reference_date, coalesce(r.returned_date, context.reference_date)) as driven_until
    from rates as r, fleet_rate as f, context
)

select
    e.vehicle_id,
    coalesce(e.reading_count, 0) as reading_count,
    coalesce(e.mileage_decreases, false) as mileage_decreases,
    coalesce(i.implausible_readings, 0) as implausible_readings,
    e.last_reading_date,
    e.last_reading_km,
    e.km_per_day,
    e.rate_is_fleet_median,
    e.last_reading_km is null as mileage_is_estimated,
    CAST(round(case
        when e.last_reading_km is not null
            then e.last_reading_km + e.km_per_day * greatest(date_diff('day', e.last_reading_date, e.driven_until), 0)
        else e.km_per_day * greatest(date_diff('day', e.first_registration_date, e.driven_until), 0)
    end) AS BIGINT) as mileage_km
from extrapolated as e
left join implausible as i using (vehicle_id)
