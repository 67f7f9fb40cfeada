-- The quotation a car is valued with is never dated after the reference date.
select q.vehicle_id, q.valuation_date, c.reference_date
from {{ ref('int_latest_quotation') }} as q
cross join {{ ref('int_run_context') }} as c
where q.valuation_date > c.reference_date
