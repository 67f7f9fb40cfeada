select
  id as payment_id,
  order_id,
  payment_method,
  amount / {{ var('cents_per_unit') }} as amount
from {{ ref('raw_payments') }}
