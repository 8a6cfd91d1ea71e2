/// Every way of naming a location, for `--help` and for errors about a location.
public enum LocationForms {
    /// The forms, one per line, indented to sit under a `hint:` or a help heading.
    public static let list = """
            PostgreSQL  postgresql://user@host:5432/db, "host=db dbname=clinic user=app", $DATABASE_URL
            SQLite      sqlite:///relative.sqlite3, sqlite:////absolute.sqlite3, x.sqlite3, .sqlite, .db
            CSV folder  dir/ holding api_<table>.csv or .csv.gz files, one per table
            fixture     fixture.json, .jsonl or .xml (Django's dumpdata), each optionally .gz
            archive     backup.tar.gz or .tgz
            pg_dump     dump.sql, dump.sql.gz or pg_dump's custom format (read only)
            encrypted   an archive or fixture name ending in .age (clinic.tar.gz.age)
        """

    /// A hint that lists the forms.
    public static let hint = "a location is one of:\n" + list
}
