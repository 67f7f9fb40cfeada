select
  p.product_id,
  p.name,
  sum(s.quantity) as units,
  sum(s.quantity * p.price) as revenue
from {{ ref('products') }} as p
join {{ ref('stg_sales') }} as s on s.product_id = p.product_id
group by p.product_id, p.name
