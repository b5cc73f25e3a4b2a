import Foundation

/// The temporary file an `OutputFile` is filling, removed if the process is interrupted
/// before the rename, so that Ctrl-C leaves the directory exactly as it was.
///
/// The path sits in a fixed C buffer because a signal handler may only call
/// async-signal-safe functions: `unlink`, `signal` and `raise`, never Swift's allocator.
enum PendingTemporaryFile {
    private static let capacity = Int(PATH_MAX) + 1
    nonisolated(unsafe) private static let buffer: UnsafeMutablePointer<CChar> = {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
        buffer[0] = 0
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Foundation.signal(signal) { received in
                if PendingTemporaryFile.buffer[0] != 0 { unlink(PendingTemporaryFile.buffer) }
                Foundation.signal(received, SIG_DFL)
                raise(received)
            }
        }
        return buffer
    }()

    /// Written with the first byte last, so that a handler never reads a half-copied path.
    static func set(_ path: String) {
        let bytes = path.utf8CString
        guard bytes.count <= capacity else { return }
        buffer[0] = 0
        for i in 1..<bytes.count { buffer[i] = bytes[i] }
        buffer[0] = bytes[0]
    }

    static func clear() {
        buffer[0] = 0
    }
}
