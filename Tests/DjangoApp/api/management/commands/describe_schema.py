"""Prints the database's schema as sorted lines, for comparing a schema with Django's own.

PostgreSQL: columns (position among live columns, name, format_type, NULL, identity, default),
constraint and index definitions from pg_catalog. SQLite: PRAGMA table_xinfo, index_list and
index_info, foreign_key_list. With --no-names, constraint and index names are left out (Django
hashes them), so what remains is the structure.
"""
from django.core.management.base import BaseCommand
from django.db import connection

POSTGRES = """
SELECT c.relname, 'column', lpad((row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum))::text, 2, '0') || ' '
    || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL'
    ELSE ' NULL' END || CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text ELSE '' END
    || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''), ''
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT c.relname, 'constraint', pg_get_constraintdef(o.oid), o.conname
FROM pg_constraint o JOIN pg_class c ON c.oid = o.conrelid WHERE c.relnamespace = 'public'::regnamespace
UNION ALL
SELECT c.relname, 'index', regexp_replace(pg_get_indexdef(i.indexrelid), 'INDEX \\S+ ON', 'INDEX ON'), x.relname
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
WHERE c.relnamespace = 'public'::regnamespace
"""


class Command(BaseCommand):
    help = "Print the schema as sorted lines (table, kind, definition[, name])."

    def add_arguments(self, parser):
        parser.add_argument("--no-names", action="store_true", help="leave constraint and index names out")

    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            rows = self.postgres(cursor) if connection.vendor == "postgresql" else self.sqlite(cursor)
        for table, kind, definition, name in sorted(rows):
            line = f"{table} | {kind} | {definition}"
            if name and not options["no_names"]:
                line += f" | {name}"
            self.stdout.write(line)

    def postgres(self, cursor):
        cursor.execute(POSTGRES)
        return [tuple(row) for row in cursor.fetchall()]

    def sqlite(self, cursor):
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        rows = []
        for (table,) in cursor.fetchall():
            cursor.execute(f'PRAGMA table_xinfo("{table}")')
            for cid, name, type_, notnull, default, pk, hidden in cursor.fetchall():
                flags = (" NOT NULL" if notnull else " NULL") + (" PK" if pk else "")
                rows.append((table, "column", f"{cid + 1:02d} {name} {type_}{flags}"
                             + (f" DEFAULT {default}" if default is not None else ""), ""))
            cursor.execute(f'PRAGMA foreign_key_list("{table}")')
            for _, _, target, source, to, on_update, on_delete, _ in cursor.fetchall():
                rows.append((table, "foreign key", f"{source} -> {target}({to}) {on_update} {on_delete}", ""))
            cursor.execute(f'PRAGMA index_list("{table}")')
            for _, index, unique, origin, partial in cursor.fetchall():
                cursor.execute(f'PRAGMA index_info("{index}")')
                columns = ", ".join(name for _, _, name in cursor.fetchall())
                kind = "unique" if unique else "index"
                # A UNIQUE in CREATE TABLE gets an automatic name, which is no name to compare.
                named = "" if index.startswith("sqlite_autoindex_") else index
                rows.append((table, kind, f"({columns}) origin={origin}", named))
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%'")
        for table, sql in cursor.fetchall():
            rows.extend((table, "check", check, "") for check in checks(sql))
        return rows


def checks(sql):
    """The CHECK (...) clauses of a CREATE TABLE, each with its balanced parentheses."""
    found, start = [], sql.find("CHECK (")
    while start >= 0:
        depth, i = 0, start + len("CHECK ")
        while i < len(sql):
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            if depth == 0:
                break
            i += 1
        found.append(sql[start : i + 1])
        start = sql.find("CHECK (", i)
    return found
