select sale_id, product_id, quantity, channel
from {{ ref('sales') }}
where quantity >= {{ var('min_quantity') }}
