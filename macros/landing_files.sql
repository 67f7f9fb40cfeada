{#- The files of a landing source, each once with its rank by name. A
    staging model that keeps the first file a row came from joins its rows
    to this on file_index and takes the smallest file_rank, because
    min(filename) compares a long file name for every row. -#}
{% macro landing_files(source_name, table_name) -%}
select file_index, filename, rank() over (order by filename) as file_rank
from (
    select distinct file_index, filename
    from {{ source(source_name, table_name) }}
)
{%- endmacro %}
