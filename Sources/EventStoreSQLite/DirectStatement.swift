import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement bound and stepped through SQLite's C API: for the rows written by the
/// hundred thousand (an import's commits), where boxing every argument for GRDB costs more
/// than SQLite's own work. The statements are the connection's cached ones (a store prepares
/// them for every batch it writes); only this type uses their SQL, so GRDB's bookkeeping of them
/// never goes stale.
struct DirectStatement {
    private let statement: Statement
    private let connection: SQLiteConnection?

    init(_ sql: String, in db: Database) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection
    }

    private var handle: SQLiteStatement { statement.sqliteStatement }

    /// SQLite copies what `bind` gives it (the buffer lives only for the call).
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            // A pointer is needed even for "": a null one would bind NULL.
            let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
            _ = base.withMemoryRebound(to: CChar.self, capacity: max(bytes.count, 1)) {
                sqlite3_bind_text(handle, index, $0, Int32(bytes.count), Self.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: Double) {
        sqlite3_bind_double(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    /// Whether the bound query returns a row; makes it ready to run again.
    func hasRow() throws -> Bool {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_ROW || code == SQLITE_DONE else { throw failure(code) }
        return code == SQLITE_ROW
    }

    /// Binds `arguments` without SQLite copying their text (it reads them from the arguments'
    /// buffer), runs the statement, and clears the bindings before the buffer can change.
    /// Returns the rows changed.
    @discardableResult
    func run(_ arguments: RowArguments) throws -> Int {
        try arguments.bytes.withUnsafeBytes { buffer in
            let base = buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            for argument in arguments.values {
                switch argument.value {
                case .null: sqlite3_bind_null(handle, argument.index)
                case .double(let value): sqlite3_bind_double(handle, argument.index, value)
                case .integer(let value): sqlite3_bind_int64(handle, argument.index, value)
                case .text(let range):
                    _ = (base + range.lowerBound).withMemoryRebound(to: CChar.self, capacity: max(range.count, 1)) {
                        sqlite3_bind_text(handle, argument.index, $0, Int32(range.count), nil)
                    }
                case .blob(let range):
                    sqlite3_bind_blob(handle, argument.index, base + range.lowerBound, Int32(range.count), nil)
                }
            }
            defer { sqlite3_clear_bindings(handle) }
            return try run()
        }
    }

    /// Runs the bound query, handing each row to `body`, and makes it ready to run again.
    func forEachRow(_ body: (DirectRow) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code) }
            try body(DirectRow(handle: handle))
        }
    }

    /// Runs a query whose first three parameters are a service and a range of times or days.
    func forEachRow(_ service: String, _ from: Double, _ to: Double, _ body: (DirectRow) throws -> Void) throws {
        bind(1, service)
        bind(2, from)
        bind(3, to)
        try forEachRow(body)
    }

    /// Runs the bound statement and makes it ready for the next row; returns the rows changed.
    @discardableResult
    func run() throws -> Int {
        let code = sqlite3_step(handle)
        defer { sqlite3_reset(handle) }
        guard code == SQLITE_DONE else { throw failure(code) }
        return Int(sqlite3_changes(connection))
    }

    /// SQLite's own message for a failed step, with the statement's text.
    private func failure(_ code: Int32) -> DatabaseError {
        let message = connection.map { String(cString: sqlite3_errmsg($0)) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}

/// The current row of a `DirectStatement` query, read by column position (from 0); valid only
/// inside `forEachRow`.
struct DirectRow {
    fileprivate let handle: SQLiteStatement

    func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func double(_ column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    /// An integer column read as SQLite's truth: anything but 0.
    func bool(_ column: Int32) -> Bool {
        sqlite3_column_int64(handle, column) != 0
    }

    /// The column's blob, for `body` to read without copying it.
    func withBlob<Result>(_ column: Int32, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        let start = sqlite3_column_blob(handle, column)  // before its size, as SQLite asks
        return try body(UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// The column's text as UTF-8 bytes, for `body` to read without making a string.
    func withText<Result>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        guard let text = sqlite3_column_text(handle, column) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))))
    }

    func text(_ column: Int32) -> String {
        withText(column) { String(decoding: $0, as: UTF8.self) }
    }

    func blob(_ column: Int32) -> Data {
        guard let bytes = sqlite3_column_blob(handle, column) else { return Data() }
        return Data(bytes: bytes, count: Int(sqlite3_column_bytes(handle, column)))
    }
}

/// The arguments of one row for `DirectStatement.run(_:)`: text and blobs copied once into a
/// buffer that is kept from row to row, so binding them costs SQLite no copy of its own.
struct RowArguments {
    enum Value {
        case null
        case double(Double)
        case integer(Int64)
        case text(Range<Int>)
        case blob(Range<Int>)
    }

    fileprivate private(set) var bytes: [UInt8] = []
    fileprivate private(set) var values: [(index: Int32, value: Value)] = []

    /// Empties the arguments, keeping the buffer for the next row.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    mutating func text(_ index: Int32, _ text: String?) {
        guard let text else { return values.append((index, .null)) }
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        values.append((index, .text(start..<bytes.count)))
    }

    mutating func blob(_ index: Int32, _ blob: [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: blob)
        values.append((index, .blob(start..<bytes.count)))
    }

    mutating func double(_ index: Int32, _ value: Double) {
        values.append((index, .double(value)))
    }

    mutating func integer(_ index: Int32, _ value: Int64) {
        values.append((index, .integer(value)))
    }
}
