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

{#- The distinct rows of `rows`, a relation with the landing columns
    file_index and filename, each with the name of the first file it came
    from as source_file. `files` is a relation made by landing_files. -#}
{% macro first_file_rows(rows, files) -%}
select d.* exclude (file_rank), f.filename as source_file
from (
    select s.* exclude (filename, file_index), min(f.file_rank) as file_rank
    from {{ rows }} as s
    join {{ files }} as f using (file_index)
    group by all
) as d
join {{ files }} as f using (file_rank)
{%- endmacro %}
