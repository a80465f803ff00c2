import Foundation

/// A plain, one-line reason for an error that is not a ``DigitsError`` (a Foundation, POSIX or
/// coder error): "No such file or directory", never the raw `Error Domain=… UserInfo={…}` text
/// of an `NSError`. Used by ``oneLine(_:)-(any Error)`` and so by ``withFile(_:_:)``.
func plainReason(_ error: any Error) -> String {
    switch error {
    case let error as EncodingError:
        if case .invalidValue(_, let context) = error { return "cannot encode a value: \(context.debugDescription)" }
        return "cannot encode a value"
    case let error as DecodingError:
        return "cannot decode the data (\(String(describing: error).prefix(40)))"
    default:
        break
    }
    let ns = error as NSError
    if let posix = posixCode(ns) { return String(cString: strerror(posix)) }
    if ns.domain == NSCocoaErrorDomain { return cocoaReason(ns.code) ?? "operation failed (Foundation error \(ns.code))" }
    let text = oneLine(String(describing: error))
    if !text.contains("Error Domain="), !text.isEmpty { return text }
    let described = oneLine(ns.localizedDescription)
    if !described.contains("Error Domain="), !described.isEmpty { return described }
    return "operation failed (\(ns.domain) error \(ns.code))"
}

/// The POSIX error code of `error` or of the error underlying it, if any.
private func posixCode(_ error: NSError) -> Int32? {
    if error.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: error.code) }
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying !== error {
        return posixCode(underlying)
    }
    return nil
}

/// Plain text for the Foundation file and coder error codes (`CocoaError.Code`) that carry no
/// POSIX error underneath; the system's own wording where there is an errno for it.
private func cocoaReason(_ code: Int) -> String? {
    func system(_ errno: Int32) -> String { String(cString: strerror(errno)) }
    switch CocoaError.Code(rawValue: code) {
    case .fileNoSuchFile, .fileReadNoSuchFile: return system(ENOENT)
    case .fileWriteFileExists: return system(EEXIST)
    case .fileReadNoPermission, .fileWriteNoPermission: return system(EACCES)
    case .fileWriteOutOfSpace: return system(ENOSPC)
    case .fileWriteVolumeReadOnly: return system(EROFS)
    case .fileReadTooLarge: return system(EFBIG)
    case .fileReadInvalidFileName, .fileWriteInvalidFileName: return "invalid file name"
    case .fileReadCorruptFile: return "the file is corrupt or not in the expected format"
    case .fileReadUnknownStringEncoding, .fileReadInapplicableStringEncoding,
         .fileWriteInapplicableStringEncoding: return "text in an unexpected encoding"
    case .fileLocking: return "the file is locked"
    case .fileReadUnknown: return "read failed (the system gave no reason)"
    case .fileWriteUnknown: return "write failed (the system gave no reason)"
    case .coderInvalidValue: return "cannot encode a value"
    case .coderReadCorrupt, .coderValueNotFound: return "cannot decode the data"
    default: return nil
    }
}
