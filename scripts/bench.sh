#!/usr/bin/env bash
# Benchmarks clinic-etl side by side with the standard tools on the same data, alternating
# A B A B, and writes the medians, ranges, throughput, peak memory and ratios to BENCHMARKS.md.
#
#   scripts/bench.sh [--scale S] [--pairs N] [--only OP,OP…] [--out FILE]
#
# Scale 1 is about 20,000 users and 1,000,000 appointments. --only times some operations (load,
# append, extract, check, backup, restore, fixture-load, report, gzip), for quick checks while working.
# The report is timed against scripts/report-equivalent.sql, the same aggregates in psql.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=0.1
pairs=5
out=BENCHMARKS.md
only=
while [ $# -gt 0 ]; do
    case "$1" in
        --scale) scale=$2; shift 2 ;;
        --pairs) pairs=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        *) echo "usage: scripts/bench.sh [--scale S] [--pairs N] [--only OP,OP…] [--out FILE]" >&2; exit 64 ;;
    esac
done

swift build -c release >/dev/null
bin=$PWD/.build/release/clinic-etl
. scripts/pg.sh
work=$(mktemp -d /tmp/clinic-bench.XXXXXX)
trap 'pg_stop; rm -rf "$work"' EXIT
pg_start
admin=$CLINIC_TEST_PG_URL
base=${admin%/postgres}
results=$work/results.txt

patients=$(python3 -c "print(max(1, int(19500 * $scale)))")
echo "generating: $patients patients, 51 appointments each" >&2
"$bin" sample --patients "$patients" --appointments-per-patient 51 "$work/dump" -q >/dev/null
ddl=$("$bin" schema)
# The sample's tables, in load order (the schema also holds Django's own, which it leaves empty).
tables=$(for t in $(grep -o 'CREATE TABLE "[a-z_]*"' <<<"$ddl" | cut -d'"' -f2); do
    if [ -f "$work/dump/$t.csv" ]; then echo "$t"; fi
done)
rows=0
for t in $tables; do rows=$((rows + $(wc -l < "$work/dump/$t.csv") - 1)); done
bytes=$(du -sb "$work/dump" | cut -f1)

# Runs one timed command; records "operation tool seconds peak-KiB".
measure() {
    local op=$1 tool=$2
    shift 2
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
        echo "bench: $op/$tool failed:" >&2
        cat "$work/stderr" >&2
        exit 1
    }
    echo "$op $tool $(cat "$work/time")" >>"$results"
}

wanted() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

# A fresh database copied from a template (the empty schema unless another is named): a file copy,
# much faster than creating the schema or loading the base rows again for every run.
fresh_db() {
    PGOPTIONS="-c client_min_messages=warning" psql -X -q "$admin" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" \
        -c "CREATE DATABASE $1 TEMPLATE ${2:-clinic_empty}" >/dev/null
}
psql -X -q "$admin" -c "CREATE DATABASE clinic_empty" >/dev/null
"$bin" schema --create "$base/clinic_empty" >/dev/null

{
    echo "BEGIN;"
    for t in $tables; do echo "\\copy $t from '$work/dump/$t.csv' csv header"; done
    echo "COMMIT;"
} >"$work/load.sql"
: >"$work/extract.sql"
for t in $tables; do
    echo "\\copy (select * from $t order by id) to '$work/out_b/$t.csv' csv header" >>"$work/extract.sql"
done
fresh_db source
"$bin" copy "$work/dump" "$base/source" -q >/dev/null

# Appending: the tables nothing references get their first half of rows in base/ (with all other
# tables) and their second half in more/, split on record boundaries (quotes can hold newlines).
# grep reads all of the DDL (not `schema | grep -q`, whose early exit fails the pipe under pipefail
# and made a referenced table look like a leaf now and then).
leaves=$(for t in $tables; do grep -q "REFERENCES \"$t\"" <<<"$ddl" || echo "$t"; done)
append_rows=$(python3 - "$work/dump" "$work/base" "$work/more" $leaves <<'PY'
import os, shutil, sys
dump, base, more, leaves = sys.argv[1], sys.argv[2], sys.argv[3], set(sys.argv[4:])
os.makedirs(base); os.makedirs(more)
appended = 0
for name in os.listdir(dump):
    table = name[:-4]
    if table not in leaves:
        shutil.copy(os.path.join(dump, name), base)
        continue
    records, current, quotes = [], b"", 0
    for line in open(os.path.join(dump, name), "rb"):
        current += line
        quotes += line.count(b'"')
        if quotes % 2 == 0:
            records.append(current)
            current, quotes = b"", 0
    header, rows = records[0], records[1:]
    half = len(rows) // 2
    open(os.path.join(base, name), "wb").write(header + b"".join(rows[:half]))
    open(os.path.join(more, name), "wb").write(header + b"".join(rows[half:]))
    appended += len(rows) - half
print(appended)
PY
)
append_bytes=$(du -sb "$work/more" | cut -f1)
{
    echo "BEGIN;"
    for t in $leaves; do echo "\\copy $t from '$work/more/$t.csv' csv header"; done
    echo "COMMIT;"
} >"$work/append.sql"
leaf_list=$(echo $leaves | tr ' ' ',')
if wanted append; then
    fresh_db append_base
    "$bin" copy "$work/base" "$base/append_base" -q >/dev/null
fi
if wanted restore; then
    "$bin" copy "$base/source" "$work/restore.tar.gz" -q >/dev/null
    "$PG_BINDIR/pg_dump" -Fc -f "$work/restore.dump" "$base/source"
fi

for i in $(seq "$pairs"); do
    echo "pair $i/$pairs" >&2
    if wanted load; then
        fresh_db load_a
        measure load clinic-etl "$bin" copy "$work/dump" "$base/load_a" -q
        fresh_db load_b
        measure load psql psql -X -q -v ON_ERROR_STOP=1 "$base/load_b" -f "$work/load.sql"
    fi

    if wanted append; then
        fresh_db append_a append_base
        measure append clinic-etl "$bin" copy "$work/more" "$base/append_a" --append --tables "$leaf_list" -q
        fresh_db append_b append_base
        measure append psql psql -X -q -v ON_ERROR_STOP=1 "$base/append_b" -f "$work/append.sql"
    fi

    if wanted extract; then
        rm -rf "$work/out_a"
        measure extract clinic-etl "$bin" copy "$base/source" "$work/out_a" -q
        rm -rf "$work/out_b"
        mkdir -p "$work/out_b"
        measure extract psql psql -X -q -v ON_ERROR_STOP=1 "$base/source" -f "$work/extract.sql"
    fi

    if wanted check; then
        measure check clinic-etl "$bin" check "$work/dump" -q
    fi

    if wanted backup; then
        rm -f "$work/b.tar.gz" "$work/b.dump"
        measure backup clinic-etl "$bin" copy "$base/source" "$work/b.tar.gz" -q
        measure backup pg_dump "$PG_BINDIR/pg_dump" -Fc -f "$work/b.dump" "$base/source"
        echo "size backup clinic-etl $(stat -c %s "$work/b.tar.gz")" >>"$results"
        echo "size backup pg_dump $(stat -c %s "$work/b.dump")" >>"$results"
    fi

    if wanted restore; then
        fresh_db restore_a
        measure restore clinic-etl "$bin" copy "$work/restore.tar.gz" "$base/restore_a" -q
        fresh_db restore_b
        measure restore pg_restore "$PG_BINDIR/pg_restore" --single-transaction --data-only -d "$base/restore_b" \
            "$work/restore.dump"
    fi

    if [ "$i" = 1 ] && wanted fixture-load; then
        # Once: it has no counterpart to alternate with.
        "$bin" copy "$work/dump" "$work/f.json" -q >/dev/null
        fresh_db fixture_a
        measure fixture-load clinic-etl "$bin" copy "$work/f.json" "$base/fixture_a" -q
    fi

    if wanted report; then
        measure report clinic-etl "$bin" report "$base/source" --month 2025-10 --timezone Asia/Manila \
            --out "$work/reports"
        measure report psql psql -X -q -v ON_ERROR_STOP=1 "$base/source" -f scripts/report-equivalent.sql
    fi

    if wanted gzip; then
        rm -rf "$work/gz_a"
        measure gzip clinic-etl "$bin" copy "$work/dump" "$work/gz_a" --compress -q
        rm -rf "$work/gz_b"
        mkdir -p "$work/gz_b"
        measure gzip gzip sh -c "for f in '$work'/dump/*.csv; do gzip -6 -c \"\$f\" > '$work/gz_b/'\$(basename \"\$f\").gz; done"
    fi
done
elapsed=$SECONDS

cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
python3 - "$results" "$rows" "$bytes" "$scale" "$pairs" "$cpu" "$(nproc)" \
    "$(git rev-parse --short HEAD)" "$(date -u +%Y-%m-%d)" "$append_rows" "$append_bytes" "$elapsed" >"$out" <<'PY'
import statistics, sys
path, rows, size, scale, pairs, cpu, cores, commit, day, append_rows, append_size, elapsed = sys.argv[1:]
rows, size = int(rows), int(size)
# Appending moves only the second half of the unreferenced tables' rows.
volume = {"append": (int(append_rows), int(append_size))}
runs = {}
sizes = {}
for line in open(path):
    if line.startswith("size "):
        _, op, tool, nbytes = line.split()
        sizes[(op, tool)] = int(nbytes)
        continue
    op, tool, seconds, rss = line.split()
    runs.setdefault((op, tool), []).append((float(seconds), int(rss)))
print(f"# Benchmarks\n\nscale {scale} ({rows:,} rows, {size / 1e6:.1f} MB of CSV), {pairs} pairs A B A B; "
      f"{cpu}, {cores} cores; commit {commit}, {day}. Made by `scripts/bench.sh --scale {scale}`.\n")
print("| operation | tool | median s | min–max s | rows/s | MB/s | peak RSS MiB | time ratio to counterpart |")
print("|---|---|---|---|---|---|---|---|")
counterpart = {"load": "psql", "append": "psql", "extract": "psql", "gzip": "gzip", "report": "psql", "backup": "pg_dump",
               "restore": "pg_restore"}
for op in ["load", "append", "extract", "check", "report", "backup", "restore", "fixture-load", "gzip"]:
    for tool in ["clinic-etl", counterpart.get(op)]:
        if tool is None or (op, tool) not in runs:
            continue
        times = [t for t, _ in runs[(op, tool)]]
        med = statistics.median(times)
        rss = max(r for _, r in runs[(op, tool)]) / 1024
        ratio = ""
        if tool == "clinic-etl" and op in counterpart:
            other = statistics.median(t for t, _ in runs[(op, counterpart[op])])
            ratio = f"{med / other:.2f}×"
        n, nbytes = volume.get(op, (rows, size))
        print(f"| {op} | {tool} | {med:.2f} | {min(times):.2f}–{max(times):.2f} | {n / med:,.0f} | "
              f"{nbytes / 1e6 / med:.1f} | {rss:.0f} | {ratio} |")
timed = {tool: 0.0 for tool in ["clinic-etl", "counterparts"]}
for (op, tool), values in runs.items():
    timed["clinic-etl" if tool == "clinic-etl" else "counterparts"] += sum(t for t, _ in values)
slow = sum(t for (op, tool), values in runs.items() if (op, tool) in [("load", "psql"), ("restore", "pg_restore")]
           for t, _ in values)
slow_note = (f" ({slow:.0f} s of it psql's load and pg_restore, whose foreign-key checks run row by row)"
             if slow else "")
print(f"\nThe whole run took {int(elapsed)} s: {timed['clinic-etl']:.0f} s timing clinic-etl, "
      f"{timed['counterparts']:.0f} s timing the counterparts{slow_note}, the rest preparing data and databases.")
if sizes:
    a, b = sizes.get(("backup", "clinic-etl")), sizes.get(("backup", "pg_dump"))
    if a and b:
        print(f"\nBackup size: clinic-etl {a / 1e6:.1f} MB, pg_dump -Fc {b / 1e6:.1f} MB ({a / b:.2f}×).")
if ("append", "clinic-etl") in runs:
    print(f"\nappend: {int(append_rows):,} rows ({int(append_size) / 1e6:.1f} MB) of the tables nothing references, "
          "added to tables already holding the other half, constraints kept (clinic-etl preloads the keys it checks).")
print("\nA time ratio below 1 means clinic-etl was faster. clinic-etl validates every row on the way; "
      "the counterparts do not. fixture-load has no counterpart here (Django is not installed); "
      "manage.py loaddata manages about 1,300 objects/s on this kind of machine.")
PY
cat "$out"
