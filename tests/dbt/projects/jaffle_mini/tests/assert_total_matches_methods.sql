select *
from {{ ref('orders') }}
where total_amount
  <> coalesce(card_amount, 0) + coalesce(coupon_amount, 0) + coalesce(bank_amount, 0)
