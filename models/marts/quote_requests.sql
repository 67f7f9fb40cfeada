-- The cars the valuation partner should value before the next run: never
-- quoted, a quotation no longer valid on the reference date, or a valid one
-- that expires before the car's offer window opens (within
-- quote_request_lead_months plus offer_window_months).
-- quote_request_file writes these rows in the partner's layout.
with candidates as (
    select
        c.*,
        q.valuation_date as last_valuation_date,
        q.is_valid as last_quotation_is_valid,
        ctx.next_quarter_start
    from {{ ref('resale_candidates') }} as c
    cross join {{ ref('int_run_context') }} as ctx
    left join {{ ref('int_latest_quotation') }} as q using (vehicle_id)
    where c.vin_is_valid and c.contract_id is not null
),

reasons as (
    select
        *,
        case
            when last_valuation_date is null then 'NO_QUOTATION'
            when not last_quotation_is_valid then 'QUOTATION_EXPIRED'
            when months_remaining <= {{ country.params.offer_window_months + country.params.quote_request_lead_months }}
                and last_valuation_date + INTERVAL {{ country.params.quotation_validity_days }} DAY < next_quarter_start
                then 'EXPIRES_BEFORE_OFFER_WINDOW'
        end as request_reason
    from candidates
)

select
    vehicle_id,
    vin,
    make,
    model,
    first_registration_date,
    mileage_km,
    last_valuation_date,
    request_reason,
    reference_date
from reasons
where request_reason is not null
