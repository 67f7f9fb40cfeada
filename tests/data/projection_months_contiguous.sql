-- Each vehicle's projection has every month from 0 to projection_months
-- exactly once.
select vehicle_id, count(*) as months, min(month_offset) as first_month, max(month_offset) as last_month
from {{ ref('int_value_projection') }}
group by vehicle_id
having count(*) <> {{ country.params.projection_months }} + 1
    or count(distinct month_offset) <> count(*)
    or min(month_offset) <> 0
    or max(month_offset) <> {{ country.params.projection_months }}
