-- quote_requests in the valuation partner's file layout (countries.yml
-- partner.layout): the partner's header names, date format and number
-- format, ready to be written with the partner's delimiter and encoding.
select
    vin as {{ partner_column('vin') }},
    make as {{ partner_column('make') }},
    model as {{ partner_column('model') }},
    {{ format_partner_date('first_registration_date') }} as {{ partner_column('first_registration_date') }},
    {{ format_partner_number('mileage_km', country.partner.layout.mileage_suffix) }} as {{ partner_column('mileage_km') }},
    request_reason as {{ partner_column('request_reason') }}
from {{ ref('quote_requests') }}
