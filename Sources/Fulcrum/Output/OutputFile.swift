import Foundation

/// A file that a command's result replaces, checked before the run starts.
///
/// Users point `--output` at whatever path is at hand, and a mistake there must never cost
/// them a file: the scenario they ran, a directory, a device or a link to one is refused
/// before any work is done, and an existing result is replaced only by a complete new one
/// (temporary file beside it, fsync, rename), keeping its permissions. Until the rename,
/// the old file is exactly as it was, whatever happens to the run.
public struct OutputFile: Sendable {
    /// The path written: the target of a symbolic link, so that the link itself survives.
    public let path: String
    /// The permissions and owner of the file being replaced, kept on the new one.
    private let existing: (mode: mode_t, owner: uid_t, group: gid_t)?

    /// Checks `path` as a destination; `inputs` are files the run reads, never to be overwritten.
    public init(_ path: String, protecting inputs: [String]) throws(OutputFileError) {
        guard !path.isEmpty else { throw OutputFileError("--output needs a file name, got an empty one") }
        guard !path.hasSuffix("/") else { throw OutputFileError("--output '\(path)' names a directory: give a file name inside it") }
        var status = stat()
        if stat(path, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFREG else {
                throw OutputFileError("--output '\(path)' is \(Self.kind(of: status.st_mode)), not a regular file: give a file name")
            }
            for input in inputs {
                var read = stat()
                if stat(input, &read) == 0 && read.st_dev == status.st_dev && read.st_ino == status.st_ino {
                    throw OutputFileError("--output '\(path)' is the scenario file '\(input)': writing there would destroy it; give another file name")
                }
            }
            guard let resolved = realpath(path, nil) else { throw OutputFileError("--output '\(path)': \(String(cString: strerror(errno)))") }
            defer { free(resolved) }
            self.path = String(cString: resolved)
            existing = (status.st_mode & 0o7777, status.st_uid, status.st_gid)
            try Self.checkWritable(Self.directory(of: self.path), for: path)
        } else if errno == ENOENT {
            var link = stat()
            if lstat(path, &link) == 0 {
                throw OutputFileError("--output '\(path)' is a symbolic link to a file that does not exist: give a file name")
            }
            let directory = Self.directory(of: path)
            var parent = stat()
            guard stat(directory, &parent) == 0, (parent.st_mode & S_IFMT) == S_IFDIR else {
                throw OutputFileError("--output '\(path)': the directory '\(directory)' does not exist")
            }
            try Self.checkWritable(directory, for: path)
            self.path = path
            existing = nil
        } else {
            throw OutputFileError("--output '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// Replaces the file with `text`, or leaves it exactly as it was and throws.
    public func write(_ text: String) throws(OutputFileError) {
        try write(Array(text.utf8))
    }

    /// Replaces the file with `bytes`, or leaves it exactly as it was and throws.
    public func write(_ bytes: [UInt8]) throws(OutputFileError) {
        let directory = Self.directory(of: path)
        let name = PathText.name(of: path)
        var template = Array("\(directory)/.\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw OutputFileError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        PendingTemporaryFile.set(temporary)
        defer { PendingTemporaryFile.clear() }
        do throws(OutputFileError) {
            try Self.fill(descriptor, with: bytes, path: path)
            try Self.adopt(descriptor, existing, path: path)
            guard fsync(descriptor) == 0 else { throw OutputFileError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
            guard close(descriptor) == 0 else {
                unlink(temporary)
                throw OutputFileError("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputFileError("cannot replace '\(path)': \(reason)")
        }
        let folder = open(directory, O_RDONLY | O_DIRECTORY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    private static func fill(_ descriptor: Int32, with bytes: [UInt8], path: String) throws(OutputFileError) {
        var bytes = bytes
        let failure = bytes.withUnsafeMutableBytes { StreamWriter.writeAll($0, to: descriptor) }
        if let failure { throw OutputFileError("cannot write '\(path)': \(String(cString: strerror(failure)))") }
    }

    /// A new file gets the permissions the user's umask gives; a replaced one keeps its own.
    private static func adopt(_ descriptor: Int32, _ existing: (mode: mode_t, owner: uid_t, group: gid_t)?,
                              path: String) throws(OutputFileError) {
        let mode: mode_t
        if let existing {
            _ = fchown(descriptor, existing.owner, existing.group)
            mode = existing.mode
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        guard fchmod(descriptor, mode) == 0 else { throw OutputFileError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
    }

    /// The new file is created beside the old one, so the directory must take a new file.
    private static func checkWritable(_ directory: String, for path: String) throws(OutputFileError) {
        guard access(directory, W_OK | X_OK) == 0 else {
            throw OutputFileError("--output '\(path)': cannot create files in '\(directory)': \(String(cString: strerror(errno)))")
        }
    }

    private static func directory(of path: String) -> String {
        let directory = PathText.directory(of: path)
        return directory.isEmpty ? "." : directory
    }

    private static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFIFO: "a pipe"
        case S_IFSOCK: "a socket"
        default: "not a regular file"
        }
    }
}

public struct OutputFileError: Error, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}
