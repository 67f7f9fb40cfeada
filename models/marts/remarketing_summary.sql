-- For the internal teams: per quarter and segment, the number of vehicles
-- and their margins. Every segment has a row, with zero vehicles if none.
with segments as (
    select * from (values
        ('PROPOSE_NOW'), ('PROPOSE_NEXT_QUARTER'), ('EXTEND'), ('HOLD'), ('REVIEW')
    ) as s(segment)
),

candidates as (
    select * from {{ ref('resale_candidates') }}
)

select
    ctx.quarter_label,
    ctx.reference_date,
    s.segment,
    count(c.vehicle_id) as vehicles,
    round(coalesce(sum(c.margin_now_eur), 0), 2) as margin_now_eur,
    round(avg(c.margin_now_eur), 2) as average_margin_now_eur,
    round(coalesce(sum(c.best_margin_eur), 0), 2) as best_margin_eur,
    round(coalesce(sum(c.market_value_eur), 0), 2) as market_value_eur,
    round(coalesce(sum(c.book_value_eur), 0), 2) as book_value_eur
from segments as s
cross join {{ ref('int_run_context') }} as ctx
left join candidates as c using (segment)
group by all
