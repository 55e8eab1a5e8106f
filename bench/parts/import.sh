# Part "import": `wangge import residents` of the whole city vs a bare sqlite3 insert of the same
# rows (bench/import_ceiling.cpp). Sourced by bench/run.sh; see bench/README.md.
LIMIT=${BENCH_RESIDENTS:-}

# The import file: every resident of the seeded city, in id order, with the building's code and
# the household's unit and room; stored values are all accepted spellings of the import.
CITY_CSV=$DATA/city.csv
if [[ ! -f $CITY_CSV ]]; then
    log "exporting residents to $CITY_CSV"
    {
        echo '姓名,身份证号,联系电话,楼栋编码,单元,房号,与户主关系,户籍类型,标签'
        sqlite3 -readonly -csv "$CITY_DB" "
            SELECT r.name, r.id_number, coalesce(r.phone, ''), a.code, h.unit, h.room, r.relation, r.registration,
                   rtrim(CASE WHEN r.tags & 1 THEN 'elderly_alone;' ELSE '' END ||
                         CASE WHEN r.tags & 2 THEN 'bedridden;' ELSE '' END ||
                         CASE WHEN r.tags & 4 THEN 'disabled;' ELSE '' END ||
                         CASE WHEN r.tags & 8 THEN 'pregnant;' ELSE '' END ||
                         CASE WHEN r.tags & 16 THEN 'infant;' ELSE '' END ||
                         CASE WHEN r.tags & 32 THEN 'away;' ELSE '' END, ';')
            FROM residents r JOIN households h ON h.id = r.household_id JOIN areas a ON a.id = h.building_id
            ORDER BY r.id"
    } >"$CITY_CSV.tmp"
    mv "$CITY_CSV.tmp" "$CITY_CSV"
fi
CSV=$CITY_CSV
if [[ -n $LIMIT ]]; then
    CSV=$DATA/city-$LIMIT.csv
    [[ -f $CSV ]] || head -n "$((LIMIT + 1))" "$CITY_CSV" >"$CSV"
fi
ROWS=$(($(wc -l <"$CSV") - 1))

# The empty registry: migrated schema, the city's area tree (buildings included, counters zero),
# no households or residents.
EMPTY_DB=$DATA/city-empty.db
if [[ ! -f $EMPTY_DB ]]; then
    log "making the empty-registry database $EMPTY_DB"
    rm -f "$EMPTY_DB.tmp"*
    "$WANGGE" migrate --db "sqlite:$EMPTY_DB.tmp" >/dev/null 2>&1
    sqlite3 "$EMPTY_DB.tmp" "ATTACH '$CITY_DB' AS city;
        INSERT INTO areas (id, parent_id, code, name, level, path, depth, household_count, resident_count, child_count)
        SELECT id, parent_id, code, name, level, path, depth, 0, 0, child_count FROM city.areas;
        PRAGMA journal_mode=DELETE;" >/dev/null
    mv "$EMPTY_DB.tmp" "$EMPTY_DB"
fi

log "import ceiling: bare sqlite3 insert of $ROWS residents"
cp "$EMPTY_DB" "$WORK/ceiling.db"
"$CEILING" "$WORK/ceiling.db" "$CSV" | tee "$WORK/ceiling.out" >&2
FIG[import_ceiling]=$(sed -n 's/.*rows_per_s=\([0-9]*\).*/\1/p' "$WORK/ceiling.out")
rm -f "$WORK/ceiling.db"*

log "wangge import residents ($ROWS rows)"
cp "$EMPTY_DB" "$WORK/import.db"
t0=$(now)
/usr/bin/time -v -o "$WORK/import.time" "$WANGGE" import residents "$CSV" --db "sqlite:$WORK/import.db" \
    >"$WORK/import.out" 2>"$WORK/import.err" || { cat "$WORK/import.err" "$WORK/import.out" >&2; exit 1; }
t1=$(now)
cat "$WORK/import.out" >&2
stored=$(sqlite3 "$WORK/import.db" "SELECT count(*) FROM residents")
[[ $stored == "$ROWS" ]] || { echo "import stored $stored residents, expected $ROWS" >&2; exit 1; }
FIG[import_seconds]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
FIG[import_rate]=$(awk -v a="$t0" -v b="$t1" -v n="$ROWS" 'BEGIN { printf "%.0f", n / (b - a) }')
FIG[import_rss_mb]=$(awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$WORK/import.time")
rm -f "$WORK/import.db"*

pct=$(ratio "${FIG[import_rate]}" "${FIG[import_ceiling]}")
row "import: residents" "$ROWS" "" ""
row "import: wangge import residents (rows/s)" "${FIG[import_rate]}" "" "(${FIG[import_seconds]} s)"
row "import: ceiling, bare sqlite3 (rows/s)" "${FIG[import_ceiling]}" "" ""
row "import: ratio to ceiling (%)" "$pct" ">= 25" "$(verdict "$pct" '>=' 25)"
row "import: peak RSS (MB)" "${FIG[import_rss_mb]}" "" "info"
