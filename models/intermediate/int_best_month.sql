-- For each vehicle: the margin of a sale today, the month of the highest
-- projected margin the contract allows (the earliest on a tie), and the
-- highest margin if the contract is extended by extension_months.
with projection as (
    select * from {{ ref('int_value_projection') }}
),

best as (
    -- arg_max over a (margin, -month_offset) key is the costly aggregate
    -- here, so it runs once, for the offset, and the date is computed below.
    select
        vehicle_id,
        max(margin_eur) filter (where month_offset = 0) as margin_now_eur,
        arg_max(month_offset, (margin_eur, -month_offset)) filter (where is_within_contract) as best_month_offset,
        max(margin_eur) filter (where is_within_contract) as best_margin_eur,
        max(margin_eur) filter (where is_within_extension) as extension_margin_eur
    from projection
    group by vehicle_id
)

select
    b.vehicle_id,
    b.margin_now_eur,
    b.best_month_offset,
    {{ projection_month_start('context.reference_date', 'b.best_month_offset') }} as best_month_start,
    b.best_margin_eur,
    b.extension_margin_eur
from best as b
cross join {{ ref('int_run_context') }} as context
