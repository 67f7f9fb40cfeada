with payments as (
  select
    order_id,
    {{ dbt_utils.pivot('payment_method', ['card', 'coupon', 'bank'], suffix='_amount', then_value='amount') }},
    sum(amount) as total_amount
  from {{ ref('stg_payments') }}
  group by order_id
)
select
  o.order_id,
  o.customer_id,
  o.order_date,
  o.status,
  p.card_amount,
  p.coupon_amount,
  p.bank_amount,
  p.total_amount,
  {{ dbt_utils.generate_surrogate_key(['o.order_id', 'o.customer_id']) }} as order_key
from {{ ref('stg_orders') }} as o
left join payments as p on p.order_id = o.order_id
