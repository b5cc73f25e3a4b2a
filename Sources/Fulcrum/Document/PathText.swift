/// The directory and name parts of a path as text.
///
/// Foundation's `NSString` path methods crash on a one-character path ("x") on this Linux
/// Foundation, and users do name files `a` and `b`; these never do.
public enum PathText {
    /// "dir/sub" for "dir/sub/file", "/" for "/file", "" for "file".
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }

    /// "file" for "dir/file" and for "file".
    public static func name(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `name` inside `directory` ("" for the current one).
    public static func joined(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }
}
