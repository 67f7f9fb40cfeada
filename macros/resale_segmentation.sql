{#- The segmentation rule: which cars to offer dealers this quarter.
    Renders two columns, `segment` and `reason_code`, from one ordered list
    of rules, so every vehicle gets exactly one segment and the reason of the
    first rule it meets. Thresholds come from countries.yml
    (country.params). Expects the columns of resale_candidates' `inputs`. -#}
{% macro resale_segmentation() %}
{%- set p = country.params -%}
{%- set in_offer_window = "(is_returned or months_remaining <= " ~ p.offer_window_months ~ ")" -%}
{%- set rules = [
    ["contract_id is null", "REVIEW", "NO_CONTRACT"],
    ["not dates_are_consistent", "REVIEW", "CONTRACT_DATES_INCONSISTENT"],
    ["not vin_is_valid", "REVIEW", "INVALID_VIN"],
    ["mileage_decreases", "REVIEW", "MILEAGE_DECREASING"],
    ["implausible_readings > 0", "REVIEW", "MILEAGE_IMPLAUSIBLE"],
    ["not has_valid_quotation", "REVIEW", "NO_VALID_QUOTATION"],
    ["coalesce(quotation_curve_gap_pct > " ~ p.max_quote_curve_gap_pct ~ ", true)", "REVIEW", "QUOTATION_DISAGREES_WITH_CURVE"],
    [in_offer_window ~ " and margin_now_eur >= " ~ p.min_margin_eur ~ " and margin_now_eur >= best_margin_eur - " ~ p.best_month_tolerance_eur, "PROPOSE_NOW", "MARGIN_NOW_AT_BEST"],
    ["best_month_start >= next_quarter_start and best_month_start < next_quarter_end and best_margin_eur >= " ~ p.min_margin_eur, "PROPOSE_NEXT_QUARTER", "BEST_MONTH_NEXT_QUARTER"],
    ["not is_returned and months_remaining <= " ~ p.offer_window_months ~ " and margin_now_eur < " ~ p.min_margin_eur ~ " and extension_margin_eur - margin_now_eur >= " ~ p.extension_min_gain_eur, "EXTEND", "EXTENSION_IMPROVES_MARGIN"],
    [in_offer_window ~ " and margin_now_eur < " ~ p.min_margin_eur, "HOLD", "MARGIN_BELOW_THRESHOLD"],
    [in_offer_window, "HOLD", "BETTER_MONTH_LATER"]
] -%}
case
{%- for rule in rules %}
    when {{ rule[0] }} then '{{ rule[1] }}'
{%- endfor %}
    else 'HOLD'
end as segment,
case
{%- for rule in rules %}
    when {{ rule[0] }} then '{{ rule[2] }}'
{%- endfor %}
    else 'CONTRACT_RUNNING'
end as reason_code
{%- endmacro %}
