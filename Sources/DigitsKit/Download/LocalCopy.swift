#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Foundation

/// `digits download --from DIR`: the four files taken from a local directory instead of a mirror,
/// through the same `.partial` → verify → rename path.
enum LocalCopy {
    static let acceptedNote = "MD5 differs from the published one; accepted as a structurally valid local copy"
}

extension DatasetDownloader {
    /// Copies the dataset's files from `source` into `directory`.
    ///
    /// A copy whose size and MD5 are the published ones counts as is. Otherwise (a re-compressed
    /// copy, say) all the copies are loaded as a dataset first, and accepted only if that
    /// succeeds; they are then recorded so that later runs re-verify them by their own MD5.
    ///
    /// - Throws: ``DownloadError/sourceMissing(path:)``, ``DownloadError/sourceInvalid(path:reason:)``,
    ///   or a ``FileError`` for I/O. A failed copy leaves no empty directory it created.
    public func copy(from source: String) throws -> DownloadReport {
        let created = CreatedDirectories(for: directory)
        try FileSync.makeDirectory(directory)
        return try created.cleaningUpOnFailure { try copyFiles(from: source) }
    }

    private func copyFiles(from source: String) throws -> DownloadReport {
        var record = LocalCopies.load(directory: directory)
        var reports: [DownloadFileReport] = []
        var staged: [(file: DatasetSpec.File, from: String, md5: String, size: Int)] = []
        // `--from` naming the target directory itself: nothing to copy, the files are checked
        // where they are (and never removed, being the only copy).
        if Self.isSameDirectory(source, directory) { return try acceptInPlace(record: record) }
        do {
            for file in spec.files {
                let from = Self.path(source, file.name)
                try Self.checkSource(from)
                if let present = try verifiedExisting(file, record: record) {
                    reports.append(present)
                    continue
                }
                let partial = Self.path(directory, file.name) + ".partial"
                let (md5, size) = try Self.copyFile(from, to: partial)
                staged.append((file, from, md5, size))
            }
        } catch {
            // A later file failed: the copies staged so far go too.
            for s in staged { FileSync.remove(Self.path(directory, s.file.name) + ".partial") }
            throw error
        }

        // Structural check of exactly the bytes about to be renamed, when a checksum cannot vouch.
        if staged.contains(where: { $0.md5 != $0.file.md5 || $0.size != $0.file.size }) {
            var stagedSpec = spec
            let names = Set(staged.map(\.file.name))
            func rename(_ f: inout DatasetSpec.File) { if names.contains(f.name) { f.name += ".partial" } }
            rename(&stagedSpec.trainImages); rename(&stagedSpec.trainLabels)
            rename(&stagedSpec.testImages); rename(&stagedSpec.testLabels)
            do {
                _ = try Dataset.load(directory: directory, spec: stagedSpec, validationSize: 0)
            } catch {
                for s in staged { FileSync.remove(Self.path(directory, s.file.name) + ".partial") }
                throw Self.sourceError(error, staged: staged.map { ($0.file.name, $0.from) }, source: source)
            }
        }

        for s in staged {
            let target = Self.path(directory, s.file.name)
            try FileSync.commit(target + ".partial", to: target)
            let published = s.md5 == s.file.md5 && s.size == s.file.size
            record.set(s.file.name, published ? nil : LocalCopies.Entry(md5: s.md5, size: s.size))
            reports.append(DownloadFileReport(name: s.file.name, outcome: .copied, source: s.from, size: s.size, md5: s.md5,
                                      matchesPublished: published, resumed: false, failedAttempts: [],
                                      note: published ? nil : LocalCopy.acceptedNote))
        }
        try record.save(directory: directory)
        // Report in the dataset's order, and tell the listener about each file.
        let order = spec.files.map(\.name)
        reports.sort { (order.firstIndex(of: $0.name) ?? 0) < (order.firstIndex(of: $1.name) ?? 0) }
        for r in reports { progress?(.finished(r)) }
        return DownloadReport(dataset: spec.name, directory: directory, files: reports)
    }

    /// Accepts the files already in `directory`: those matching the published (or recorded)
    /// checksums as they are, the others if the four load as a dataset.
    private func acceptInPlace(record: LocalCopies) throws -> DownloadReport {
        var record = record
        var reports: [DownloadFileReport] = []
        var unproven: [(file: DatasetSpec.File, md5: String, size: Int)] = []
        for file in spec.files {
            let path = Self.path(directory, file.name)
            guard let size = FileSync.size(path) else { throw DownloadError.sourceMissing(path: path) }
            if let present = try verifiedExisting(file, record: record, removeInvalid: false) {
                reports.append(present)
            } else {
                unproven.append((file, try FileSync.hex(FileSync.md5(of: path).hasher), size))
            }
        }
        if !unproven.isEmpty {
            do {
                _ = try Dataset.load(directory: directory, spec: spec, validationSize: 0)
            } catch {
                throw Self.sourceError(error, staged: [], source: directory)
            }
            for u in unproven {
                record.set(u.file.name, LocalCopies.Entry(md5: u.md5, size: u.size))
                reports.append(DownloadFileReport(name: u.file.name, outcome: .alreadyValid, source: nil, size: u.size,
                                          md5: u.md5, matchesPublished: false, resumed: false, failedAttempts: [],
                                          note: LocalCopy.acceptedNote))
            }
            try record.save(directory: directory)
        }
        let order = spec.files.map(\.name)
        reports.sort { (order.firstIndex(of: $0.name) ?? 0) < (order.firstIndex(of: $1.name) ?? 0) }
        for r in reports { progress?(.finished(r)) }
        return DownloadReport(dataset: spec.name, directory: directory, files: reports)
    }

    /// Whether two paths name the same existing directory (same device and inode).
    static func isSameDirectory(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// A `--from` file that can be copied: present, a regular file, and no larger than the
    /// loader reads (checked before a byte is copied).
    static func checkSource(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw DownloadError.sourceMissing(path: path) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw DownloadError.sourceInvalid(path: path, reason: FileReadError.notRegularFile.description)
        }
        guard Int(info.st_size) <= FileBytes.maxFileBytes else {
            throw DownloadError.sourceInvalid(path: path, reason: FileReadError.tooLarge(size: Int(info.st_size), limit: FileBytes.maxFileBytes).description)
        }
    }

    /// The loader's complaint about a staged copy, told about the source file it came from.
    private static func sourceError(_ error: any Error, staged: [(name: String, from: String)], source: String) -> any Error {
        let message = oneLine(error)
        if let fileError = error as? FileError {
            // Exactly the staged file's name (a suffix match would blame a.gz for ba.gz).
            let culprit = staged.first { (fileError.path as NSString).lastPathComponent == $0.name + ".partial" }
            return DownloadError.sourceInvalid(path: culprit?.from ?? fileError.path,
                                               reason: fileError.underlying.description)
        }
        return DownloadError.sourceInvalid(path: source, reason: message)
    }

    /// Streams `from` into a new `to`, fsyncs it, and returns its MD5 and size.
    static func copyFile(_ from: String, to: String) throws -> (md5: String, size: Int) {
        let input = open(from, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw FileError(path: from, SystemError(operation: "open", errno: errno)) }
        defer { close(input) }
        let output = try SyncedOutputFile(path: to, append: false)
        var hasher = Insecure.MD5()
        var size = 0
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        do {
            while true {
                let n = read(input, buffer.baseAddress!, chunk)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileError(path: from, SystemError(operation: "read", errno: errno))
                }
                if n == 0 { break }
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                try output.write(bytes)
                hasher.update(bufferPointer: bytes)
                size += n
            }
            try output.syncAndClose()
        } catch {
            FileSync.remove(to)
            throw error
        }
        return (FileSync.hex(hasher), size)
    }
}
