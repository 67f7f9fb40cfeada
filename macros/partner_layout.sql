{#- Parsing and writing numbers and dates in the valuation partner's layout
    (countries.yml, partner.layout). -#}

{#- A partner number as DOUBLE, or NULL for placeholders such as `NC`:
    drops the thousands separator, then every character that is not a digit,
    the decimal separator or a minus sign (suffixes such as ` €` and ` km`,
    U+202F and no-break spaces), then reads the decimal separator as a dot. -#}
{% macro parse_partner_number(expression) -%}
{%- set layout = country.partner.layout -%}
{%- set text = expression -%}
{%- if layout.thousands -%}
{%- set text = "replace(" ~ expression ~ ", '" ~ layout.thousands ~ "', '')" -%}
{%- endif -%}
{#- Fast path: with the layout's suffixes removed by plain replace(), a
    number that is left with only digits, the decimal separator and minus
    signs is what regexp_replace would return, at a fraction of its cost. -#}
{%- set kept = "0123456789-" ~ layout.decimal -%}
{%- set bare = without_suffix(without_suffix(text, layout.amount_suffix, kept), layout.mileage_suffix, kept) -%}
case
    when not regexp_matches({{ bare }}, '[^0-9\{{ layout.decimal }}-]')
        then TRY_CAST(replace({{ bare }}, '{{ layout.decimal }}', '.') AS DOUBLE)
    else TRY_CAST(replace(regexp_replace({{ text }}, '[^0-9\{{ layout.decimal }}-]', '', 'g'), '{{ layout.decimal }}', '.') AS DOUBLE)
end
{%- endmacro %}

{#- `text` with every `suffix` removed, unless the suffix is empty or has
    one of the `kept` characters, which the number's parsing must keep. -#}
{% macro without_suffix(text, suffix, kept) -%}
{%- set clash -%}
{%- for character in suffix | list %}{% if character in kept %}x{% endif %}{% endfor -%}
{%- endset -%}
{%- if suffix and not clash -%}
replace({{ text }}, '{{ suffix }}', '')
{%- else -%}
{{ text }}
{%- endif -%}
{%- endmacro %}

{#- A partner date as DATE, or NULL when it does not match the layout. -#}
{% macro parse_partner_date(expression) -%}
CAST(try_strptime(trim({{ expression }}), '{{ country.partner.layout.date_format }}') AS DATE)
{%- endmacro %}

{#- A number written the partner's way, for the files sent to the partner. -#}
{% macro format_partner_number(expression, suffix) -%}
{%- set layout = country.partner.layout -%}
{%- set grouping = ',' if layout.thousands else '' -%}
replace(replace(replace(format('{:{{ grouping }}.0f}', CAST({{ expression }} AS DOUBLE)), ',', chr(1)), '.', '{{ layout.decimal }}'), chr(1), '{{ layout.thousands }}') || '{{ suffix }}'
{%- endmacro %}

{#- A date written in the partner's format. -#}
{% macro format_partner_date(expression) -%}
strftime({{ expression }}, '{{ country.partner.layout.date_format }}')
{%- endmacro %}

{#- The partner's header name of a platform column, quoted. -#}
{% macro partner_column(name) -%}
"{{ country.partner.layout.columns[name] }}"
{%- endmacro %}
