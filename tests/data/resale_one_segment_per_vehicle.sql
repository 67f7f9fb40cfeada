-- Every vehicle of the country has exactly one row, and so one segment, in
-- resale_candidates.
select v.vehicle_id, count(c.vehicle_id) as rows_in_candidates
from {{ ref('stg_vehicles') }} as v
left join {{ ref('resale_candidates') }} as c using (vehicle_id)
group by v.vehicle_id
having count(c.vehicle_id) <> 1
