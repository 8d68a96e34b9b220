#!/usr/bin/env python3
"""facts-port.py FILE... - move code that reads the knowledge base through
jansson (json_object_get(df_kb_manager(...), ...), json_array_foreach, ...)
to the generated tables of include/dfopt/facts.h (df_fact_get,
df_fact_foreach, ...), in place.

For merging code written before the facts became const tables. Every
json_* read call and json_t type of the FILE is renamed, so a file that
also reads real JSON with jansson (DF002 reads package.json) must be
fixed by hand afterwards: build, and the compiler names each place (a
df_fact is not a json_t). Prints the files it changed.
"""
import re
import sys

RENAMES = [
    ("json_object_get(", "df_fact_get("),
    ("json_string_value(", "df_fact_str("),
    ("json_string_length(", "df_fact_strlen("),
    ("json_array_foreach(", "df_fact_foreach("),
    ("json_array_size(", "df_fact_size("),
    ("json_array_get(", "df_fact_at("),
    ("json_object_size(", "df_fact_members("),
    ("json_is_true(", "df_fact_is_true("),
    ("json_is_string(", "df_fact_is_string("),
    ("json_is_object(", "df_fact_is_object("),
    ("json_is_array(", "df_fact_is_array("),
    ("json_number_value(", "df_fact_number("),
]

if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
    sys.stderr.write(__doc__)
    sys.exit(2)

for path in sys.argv[1:]:
    with open(path) as fh:
        s = fh.read()
    o = s
    # json_object_foreach((json_t *)obj, k, v) -> df_fact_object_foreach(obj, k, v)
    s = re.sub(r"json_object_foreach\(\(json_t \*\)", "df_fact_object_foreach(", s)
    s = s.replace("json_object_foreach(", "df_fact_object_foreach(")
    s = s.replace("(json_t *)", "(const df_fact *)")
    s = re.sub(r"const json_t\b", "const df_fact", s)
    s = re.sub(r"(?<!const )\bjson_t\b", "const df_fact", s)
    for a, b in RENAMES:
        s = s.replace(a, b)
    if s != o:
        with open(path, "w") as fh:
            fh.write(s)
        print(path)
