import Glibc
import JSON

/// One access key's secret, and the session token that temporary credentials must present.
public struct SigV4Secret: Sendable, Equatable {
    public var secretAccessKey: String
    public var sessionToken: String?

    public init(secretAccessKey: String, sessionToken: String? = nil) {
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

public enum SigV4CredentialsError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read credentials file \(path): \(reason)"
        case .invalid(let path, let reason): return "invalid credentials file \(path): \(reason)"
        }
    }
}

/// The access keys strict SigV4 mode accepts, from `--credentials FILE`:
/// `{"AKID": "secret"}` or `{"AKID": {"secret": "...", "sessionToken": "..."}}`.
public struct SigV4Credentials: Sendable, Equatable {
    public var keys: [String: SigV4Secret]

    public init(_ keys: [String: SigV4Secret] = [:]) {
        self.keys = keys
    }

    public subscript(accessKeyID: String) -> SigV4Secret? { keys[accessKeyID] }

    public init(contentsOfFile path: String) throws(SigV4CredentialsError) {
        guard let file = fopen(path, "rb") else {
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n > 0 { bytes += buffer[0..<n] }
            if n < buffer.count {
                if ferror(file) != 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
                break
            }
        }
        do {
            self = try SigV4Credentials(jsonBytes: bytes)
        } catch let reason {
            throw .invalid(path: path, reason: reason.message)
        }
    }

    public struct ParseError: Error, Equatable { public let message: String }

    public init(jsonBytes: [UInt8]) throws(ParseError) {
        let document: JSONValue
        do {
            document = try JSONParser.parse(jsonBytes)
        } catch {
            throw ParseError(message: error.description)
        }
        guard case .object(let object) = document else {
            throw ParseError(message: "expected an object of access key ids, got \(document.typeName)")
        }
        guard !object.members.isEmpty else { throw ParseError(message: "no access keys") }
        var keys: [String: SigV4Secret] = [:]
        for (id, value) in object.members {
            guard !id.isEmpty, !id.contains("/") else {
                throw ParseError(message: "'\(id)' is not a usable access key id (empty, or contains '/')")
            }
            guard keys[id] == nil else { throw ParseError(message: "access key '\(id)' appears twice") }
            switch value {
            case .string(let secret):
                guard !secret.isEmpty else { throw ParseError(message: "access key '\(id)': empty secret") }
                keys[id] = SigV4Secret(secretAccessKey: secret)
            case .object(let entry):
                var secret: String?
                var token: String?
                for (name, field) in entry.members {
                    switch (name, field) {
                    case ("secret", .string(let s)): secret = s
                    case ("sessionToken", .string(let t)): token = t
                    case ("sessionToken", .null): token = nil
                    case ("secret", _), ("sessionToken", _):
                        throw ParseError(message: "access key '\(id)': \(name) must be a string, got \(field.typeName)")
                    default:
                        throw ParseError(message: "access key '\(id)': unknown field '\(name)' (expected secret, sessionToken)")
                    }
                }
                guard let secret, !secret.isEmpty else { throw ParseError(message: "access key '\(id)': missing or empty secret") }
                if token?.isEmpty == true { throw ParseError(message: "access key '\(id)': empty sessionToken") }
                keys[id] = SigV4Secret(secretAccessKey: secret, sessionToken: token)
            default:
                throw ParseError(message: "access key '\(id)': expected a secret string or {\"secret\", \"sessionToken\"}, got \(value.typeName)")
            }
        }
        self.keys = keys
    }
}
