{#- Key to match a label against the seeds: lower case, no accents, hyphens
    and runs of spaces folded to one space. `Land-Rover`, `LAND ROVER` and
    `Land Rover` share the key `land rover`. -#}
{% macro label_key(expression) -%}
lower(strip_accents(trim(regexp_replace(CAST({{ expression }} AS VARCHAR), '[\s\-_]+', ' ', 'g'))))
{%- endmacro %}

{#- A VIN with spaces and punctuation removed, in upper case. Most VINs are
    clean already, and testing for that is cheaper than regexp_replace. -#}
{% macro clean_vin(expression) -%}
{%- set text = "CAST(" ~ expression ~ " AS VARCHAR)" -%}
case
    when not regexp_matches({{ text }}, '[^A-Z0-9]') then {{ text }}
    else upper(regexp_replace({{ text }}, '[^A-Za-z0-9]', '', 'g'))
end
{%- endmacro %}

{#- A VIN is valid when it has 17 characters and none of I, O and Q. -#}
{% macro is_valid_vin(expression) -%}
(length({{ expression }}) = 17 AND NOT regexp_matches({{ expression }}, '[IOQ]'))
{%- endmacro %}
