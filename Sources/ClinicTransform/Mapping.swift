import ClinicFormats
import ClinicPipeline
import ClinicSchema
import Foundation
import Yams

/// A mapping file: how a foreign layout (spreadsheet exports, an older system's dump) becomes rows of
/// the clinic's tables.
///
/// ```yaml
/// offset: "+08:00"
/// tables:
///   - file: patients.csv
///     table: api_user
///     encoding: latin-1
///     key: Patient No
///     dedupe: [email]
///     columns:
///       id: Patient No
///       email: {from: E-mail, case: lower}
///       birthday: {from: DOB, format: MM/dd/yyyy}
/// ```
public struct Mapping: Sendable, Decodable {
    /// The encoding of files that do not name their own (default UTF-8).
    public var encoding: String?
    /// The UTC offset for timestamps whose text has none (default `+08:00`, the clinic's).
    public var offset: String?
    /// The day the migration counts as today, `YYYY-MM-DD`: `age_from` counts to it, and
    /// `created_at`/`updated_at` the source lacks are its midnight, so re-runs give the same rows
    /// (default: the time of the run).
    public var asOf: String?
    /// One entry per source file, in the order they are read.
    public var tables: [TableMapping]
    /// Whether the app's model rules (required text, choices, formats) reject rows, as Django's
    /// `full_clean()` would; foreign data must fit the app, so this is the default.
    public var strict: Bool?

    enum CodingKeys: String, CodingKey {
        case encoding, offset, tables, strict
        case asOf = "as_of"
    }

    /// Reads a mapping from a YAML or JSON file (by extension; YAML otherwise, which also reads JSON).
    public static func load(path: String) throws -> Mapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ETLError(.usage, "cannot read the mapping file", hint: "check the path given to --mapping")
                .at(location: path)
        }
        do {
            try MappingKeys.check(String(decoding: data, as: UTF8.self))
            if path.hasSuffix(".json") { return try JSONDecoder().decode(Mapping.self, from: data) }
            return try YAMLDecoder().decode(Mapping.self, from: data)
        } catch let error as DecodingError {
            let value = MappingKeys.value(at: error, in: String(decoding: data, as: UTF8.self))
            throw ETLError(.usage, "the mapping is not valid: \(describe(error))\(value)", hint: Mapping.hint)
                .at(location: path)
        } catch let error as ETLError {
            throw error.at(location: path)
        } catch {
            throw ETLError(.usage, "the mapping is not valid: \(error)", hint: Mapping.hint).at(
                location: path)
        }
    }

    static let hint = "see samples/legacy/legacy.yml for every rule a mapping can use"

    private static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath)) needs \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// How one source file becomes rows of one table.
public struct TableMapping: Sendable, Decodable {
    /// The file, relative to the source folder.
    public var file: String
    /// The target table (`api_user` or `user`).
    public var table: String
    /// The file's encoding, when it differs from the mapping's.
    public var encoding: String?
    /// The character between the file's fields (`;`, `\t`), when it is not `--delimiter`'s (`,`).
    public var delimiter: String?
    /// The file's unquoted text for NULL, like `--null`; with it, empty fields are empty strings.
    public var null: String?
    /// The source column that identifies a row in the source; children look rows up by it.
    public var key: String?
    /// Target columns that identify a row already in the target (`[email]`): a row that matches one
    /// takes its id, so re-running a migration updates instead of duplicating.
    public var match: [String]?
    /// Target columns whose equal values mean the same record (`[email]`, or
    /// `[first_name, last_name, birthday]`); later rows are merged into the first.
    public var dedupe: [String]?
    /// Target column → how to fill it.
    public var columns: [String: ColumnRecipe]
}

/// How one target column is filled from a source record.
public struct ColumnRecipe: Sendable, Decodable {
    /// The source column (a plain string in the file is a shorthand for this).
    public var from: String?
    /// A constant.
    public var value: String?
    /// Used when the source value is empty or missing.
    public var `default`: String?
    /// Source value → target value; a value not in the map is a mapping error (`~` maps to NULL).
    public var map: [String: String?]?
    /// The date/time layout: `MM/dd/yyyy`, `dd.MM.yyyy hh:mm a`, or `serial` (spreadsheet day numbers).
    public var format: String?
    /// Whether to trim surrounding white space (default yes).
    public var trim: Bool?
    /// `lower`, `upper` or `title`.
    public var `case`: TextCase?
    /// Text to remove wherever it occurs (`INV-` from `INV-9001`).
    public var remove: String?
    /// Drops currency signs, thousands separators and spaces from a number (`₱1,234.50`).
    public var number: Bool?
    /// `ph`: a Philippine phone number in `+63…` form.
    public var phone: String?
    /// `first` or `last`: that part of a full name (`Juan dela Cruz`, `Dela Cruz, Juan`).
    public var split: NamePart?
    /// The target date column to compute an age in years from (with the mapping's `as_of`).
    public var ageFrom: String?
    /// Resolves a foreign key by a natural key of the referenced table.
    public var lookup: Lookup?

    enum CodingKeys: String, CodingKey {
        case from, value, `default`, map, format, trim, `case`, remove, number, phone, split, lookup
        case ageFrom = "age_from"
    }

    /// A recipe that copies one source column.
    public init(from: String) { self.from = from }

    public init(from decoder: any Decoder) throws {
        if let column = try? decoder.singleValueContainer().decode(String.self) {
            from = column
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decodeIfPresent(String.self, forKey: .from)
        value = try c.decodeIfPresent(String.self, forKey: .value)
        self.default = try c.decodeIfPresent(String.self, forKey: .default)
        map = try c.decodeIfPresent([String: String?].self, forKey: .map)
        format = try c.decodeIfPresent(String.self, forKey: .format)
        trim = try c.decodeIfPresent(Bool.self, forKey: .trim)
        self.case = try c.decodeIfPresent(TextCase.self, forKey: .case)
        remove = try c.decodeIfPresent(String.self, forKey: .remove)
        number = try c.decodeIfPresent(Bool.self, forKey: .number)
        phone = try c.decodeIfPresent(String.self, forKey: .phone)
        split = try c.decodeIfPresent(NamePart.self, forKey: .split)
        ageFrom = try c.decodeIfPresent(String.self, forKey: .ageFrom)
        lookup = try c.decodeIfPresent(Lookup.self, forKey: .lookup)
        if from == nil && value == nil && ageFrom == nil && self.default == nil {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath, debugDescription: "needs from, value, default or age_from"
                ))
        }
    }
}

/// Case folding.
public enum TextCase: String, Sendable, Decodable {
    case lower, upper, title
}

/// A part of a full name.
public enum NamePart: String, Sendable, Decodable {
    case first, last
}

/// A foreign key found by a natural key: the source holds `dentist@clinic.ph`, the row holds its id.
public struct Lookup: Sendable, Decodable {
    /// The referenced table; by default the column's foreign-key table.
    public var table: String?
    /// The referenced table's column to match (`email`, `name`, or `full_name` for first + last);
    /// by default the referenced mapping's `key`, or its id.
    public var by: String?

    /// The table the lookup reads for `column`: the one it names, else the column's foreign key's.
    func table(for column: Column?, in catalog: Catalog) -> String? {
        table.flatMap { catalog.table(named: $0)?.name } ?? column?.references?.table
    }
}
