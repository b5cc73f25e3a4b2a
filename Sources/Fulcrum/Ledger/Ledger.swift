import Foundation
import GRDB

/// The team's memory of what it forecast and what happened: an SQLite file (by default
/// `fulcrum.sqlite` beside the scenario) holding recorded forecasts and imported actuals.
///
/// Opened in WAL mode with a busy timeout, so that two processes recording at once both
/// succeed; written only inside transactions, so that an interrupted import leaves it as
/// it was. A file that is not a Fulcrum ledger, or was written by a newer Fulcrum, is
/// refused before anything in it changes.
public final class Ledger: Sendable {
    /// `PRAGMA application_id` of every Fulcrum ledger: "FULC".
    static let applicationID: Int32 = 0x4655_4C43
    /// How long a writer waits for another process's transaction to end.
    static let busyTimeout: TimeInterval = 10

    let pool: DatabasePool
    public let path: String
    /// Held open for the ledger's life: its `flock` makes a second process that opens the
    /// same new ledger wait until the first has created and migrated it.
    private let guardDescriptor: Int32

    public init(path: String) throws(LedgerError) {
        self.path = path
        try Self.checkKind(path)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LedgerError("\(path): cannot open the ledger: \(String(cString: strerror(errno)))") }
        guardDescriptor = descriptor
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        do {
            try Self.checkContents(path)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as LedgerError {
            close(descriptor)
            throw error
        } catch {
            close(descriptor)
            throw LedgerError("\(path): cannot open the ledger: \(Self.describe(error))")
        }
    }

    deinit {
        try? pool.close()
        close(guardDescriptor)
    }

    /// The schema, one migration per version; each also sets `user_version` to its number.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE record (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    scenario TEXT NOT NULL, created TEXT NOT NULL, label TEXT,
                    file TEXT NOT NULL, sha256 TEXT NOT NULL, text TEXT NOT NULL,
                    plan TEXT NOT NULL, roadmap TEXT NOT NULL,
                    goal TEXT NOT NULL, aggregate TEXT NOT NULL, target REAL, horizon INTEGER NOT NULL, period TEXT NOT NULL,
                    seed INTEGER NOT NULL, samples INTEGER NOT NULL, version TEXT NOT NULL,
                    goal_mean REAL NOT NULL, goal_sd REAL NOT NULL, prob_target REAL);
                CREATE TABLE forecast (
                    record INTEGER NOT NULL REFERENCES record(id) ON DELETE CASCADE,
                    metric TEXT NOT NULL, t INTEGER NOT NULL,
                    mean REAL NOT NULL, sd REAL NOT NULL, percentiles BLOB NOT NULL,
                    PRIMARY KEY (record, metric, t));
                CREATE TABLE actual (
                    scenario TEXT NOT NULL, metric TEXT NOT NULL, t INTEGER NOT NULL,
                    value REAL NOT NULL, source TEXT NOT NULL, imported TEXT NOT NULL,
                    PRIMARY KEY (scenario, metric, t));
                PRAGMA user_version = 1;
                """)
        }
        migrator.registerMigration("v2") { db in
            // What a record recommended, for history and review; and every corrected actual.
            try db.execute(sql: """
                ALTER TABLE record ADD COLUMN ranking TEXT NOT NULL DEFAULT '';
                ALTER TABLE record ADD COLUMN best_roadmap TEXT;
                ALTER TABLE record ADD COLUMN best_uplift REAL;
                ALTER TABLE record ADD COLUMN plan_uplift REAL;
                ALTER TABLE record ADD COLUMN plan_efficiency REAL;
                CREATE TABLE actual_change (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    scenario TEXT NOT NULL, metric TEXT NOT NULL, t INTEGER NOT NULL,
                    old_value REAL NOT NULL, new_value REAL NOT NULL, source TEXT NOT NULL, changed TEXT NOT NULL);
                PRAGMA user_version = 2;
                """)
        }
        return migrator
    }

    /// Refuses a path that is not a regular file (or a link to one).
    static func checkKind(_ path: String) throws(LedgerError) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw LedgerError("\(path): cannot read the ledger: \(String(cString: strerror(errno)))")
        }
        if status.st_mode & S_IFMT == S_IFLNK {
            guard stat(path, &status) == 0 else { throw LedgerError("\(path): the ledger is a broken link") }
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw LedgerError("\(path) is not a regular file: give --ledger the path of a ledger file")
        }
    }

    /// Refuses, without writing, a file that is not an SQLite database, a database of
    /// another application and a ledger of a newer schema. An empty file, or an empty
    /// database, is a new ledger.
    static func checkContents(_ path: String) throws(LedgerError) {
        var status = stat()
        guard stat(path, &status) == 0, status.st_size > 0 else { return }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        let (application, version, tables): (Int32, Int, Int)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            (application, version, tables) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0, try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0)
            }
            try queue.close()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw LedgerError("\(path) is not a Fulcrum ledger (not an SQLite database); it was left as it is")
        } catch {
            throw LedgerError("\(path): cannot read the ledger: \(describe(error)); it was left as it is")
        }
        if application == 0 && version == 0 && tables == 0 { return }
        guard application == applicationID else {
            throw LedgerError("\(path) is an SQLite database of another application, not a Fulcrum ledger; it was left as it is")
        }
        let known = migrator.migrations.count
        guard version <= known else {
            throw LedgerError("\(path) was written by a newer Fulcrum (ledger schema \(version); this version knows up to \(known)); it was left as it is")
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// Runs `body` in one write transaction: all of it is kept, or none.
    func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.write(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError("\(path): \(Self.describe(error)); nothing was changed")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw LedgerError("\(path): \(Self.describe(error))")
        }
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}

public struct LedgerError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}
