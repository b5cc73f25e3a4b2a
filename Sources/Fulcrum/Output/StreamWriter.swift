import Foundation

/// Writes to standard output and standard error without ever trapping.
///
/// Foundation's `FileHandle.write` traps on a full disk or a closed descriptor. Here a
/// failed write is an ordinary error: the command says so on standard error (if that still
/// works) and exits non-zero, and a reader that closed the pipe (`| head -1`) ends the
/// program quietly.
public enum StreamWriter {
    public enum Failure: Error, Sendable {
        /// The reader went away: nothing more to say to anyone.
        case closedPipe
        /// The write failed: `reason` is the system's message.
        case failed(reason: String)
    }

    /// Makes a write to a closed pipe return EPIPE instead of killing the process with SIGPIPE,
    /// and lets Ctrl-C and `kill` through even when the parent blocked them (a blocked mask
    /// survives exec, and some test runners and job launchers block them).
    public static func prepareSignals() {
        signal(SIGPIPE, SIG_IGN)
        var interrupts = sigset_t()
        sigemptyset(&interrupts)
        for interrupt in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&interrupts, interrupt) }
        sigprocmask(SIG_UNBLOCK, &interrupts, nil)
    }

    public static func writeStandardOutput(_ text: String) throws(Failure) {
        var bytes = Array(text.utf8)
        guard let failure = bytes.withUnsafeMutableBytes({ writeAll($0, to: STDOUT_FILENO) }) else { return }
        throw failure == EPIPE ? .closedPipe : .failed(reason: String(cString: strerror(failure)))
    }

    /// Best effort: when standard error itself is gone there is nobody left to tell.
    public static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { writeAll($0, to: STDERR_FILENO) }
    }

    /// Writes every byte, resuming after interrupted and partial writes; the errno of a failure.
    static func writeAll(_ bytes: UnsafeMutableRawBufferPointer, to descriptor: Int32) -> Int32? {
        guard var next = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let written = write(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            next += written
            left -= written
        }
        return nil
    }
}
