-- One row: the run's reference date (first day of the quarter in the
-- country's time zone, or the var reference_date) and the quarter windows
-- the segmentation rule uses.
with reference as (
    select {{ reference_date_sql() }} as reference_date
)

select
    '{{ country }}' as country_code,
    reference_date,
    year(reference_date) || '-Q' || quarter(reference_date) as quarter_label,
    CAST(date_trunc('quarter', reference_date) + INTERVAL 3 MONTH AS DATE) as next_quarter_start,
    CAST(date_trunc('quarter', reference_date) + INTERVAL 6 MONTH AS DATE) as next_quarter_end
from reference
