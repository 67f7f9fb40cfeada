-- The net book value lies between the residual value and the purchase
-- price (a cent of rounding allowed).
select vehicle_id, purchase_price_eur, residual_value_eur, book_value_eur
from {{ ref('int_vehicle_position') }}
where book_value_eur < least(purchase_price_eur, residual_value_eur) - 0.01
   or book_value_eur > greatest(purchase_price_eur, residual_value_eur) + 0.01
