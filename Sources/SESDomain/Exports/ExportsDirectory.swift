import Glibc
import Support

/// The folder export files are written to: `--exports-dir`, else `<database>-exports` beside a
/// named database, else a temporary folder (for a temporary database) removed at exit.
public struct ExportsDirectory: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public let path: String
    /// Made for this run; `removeIfTemporary` deletes it and its files.
    public let isTemporary: Bool

    /// Creates the folder if it is missing (its parent must exist).
    public init(configured: String?, databasePath: String, databaseIsTemporary: Bool) throws(Failure) {
        if let path = configured ?? (databaseIsTemporary ? nil : databasePath + "-exports") {
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw Failure(description: "cannot create the exports folder \(path): \(FileIO.errnoText())")
            }
            var info = stat()
            guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw Failure(description: "the exports folder \(path) is not a folder")
            }
            self.path = path
            self.isTemporary = false
        } else {
            let dir = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
            var template = Array("\(dir)/ses-metrics-emulator-exports-XXXXXX".utf8CString)
            guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
                throw Failure(description: "cannot create a temporary exports folder in \(dir): \(FileIO.errnoText())")
            }
            self.path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            self.isTemporary = true
        }
    }

    package func filePath(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to a hidden partial file, then renames it to `name` (a reader never sees half a file).
    package func write(_ bytes: [UInt8], to name: String) throws(Failure) {
        let partial = filePath("." + name + ".partial")
        let fd = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(description: "cannot write \(partial): \(FileIO.errnoText())") }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = FileIO.errnoText()
                close(fd)
                unlink(partial)
                throw Failure(description: "cannot write \(partial): \(reason)")
            }
            written += n
        }
        close(fd)
        guard rename(partial, filePath(name)) == 0 else {
            let reason = FileIO.errnoText()
            unlink(partial)
            throw Failure(description: "cannot rename \(partial): \(reason)")
        }
    }

    package func remove(_ name: String) {
        unlink(filePath(name))
    }

    /// The temporary folder and whatever is in it; a configured or default one is left alone.
    public func removeIfTemporary() {
        guard isTemporary, let dir = opendir(path) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { unlink(filePath(name)) }
        }
        closedir(dir)
        rmdir(path)
    }
}
