select
  c.customer_id,
  c.first_name,
  count(o.order_id) as number_of_orders,
  coalesce(sum(o.total_amount), 0) as lifetime_value,
  min(o.order_date) as first_order
from {{ ref('stg_customers') }} as c
left join {{ ref('orders') }} as o on o.customer_id = c.customer_id
group by c.customer_id, c.first_name
