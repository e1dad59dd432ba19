import HTTPServer
import SESWire
import Support

/// `GET`/`HEAD /_emulator/exports/<file>`: a COMPLETED job's file, where GetExportJob's S3Url
/// points. Read-only, so it is served with `--no-control-api` too. Only a name some job's file
/// has is served: a path with `/` or `..` names none, so nothing outside the folder is reachable.
package struct ExportDownload: Sendable {
    package static let prefix = "/_emulator/exports/"

    package let jobs: ExportJobs

    /// The route for a path under `prefix`; nil for any other path.
    package func route(_ head: HTTPRequestHead) -> Route? {
        guard head.path.hasPrefix(Self.prefix) else { return nil }
        let name = String(head.path.dropFirst(Self.prefix.count))
        return Route(method: head.method, path: head.path) { request, responder in
            responder.respond(respond(request.method, name))
        }
    }

    private func respond(_ method: String, _ name: String) -> HTTPResponse {
        let requestID = RequestID.make()
        guard method == "GET" || method == "HEAD" else {
            return AWSError.methodNotAllowed(allowed: ["GET", "HEAD"]).response(requestID: requestID)
        }
        guard let job = jobs.completedJob(fileNamed: name) else {
            return AWSError.notFound("No export file \(name): export files are named by GetExportJob's S3Url.").response(requestID: requestID)
        }
        let body: [UInt8]
        do {
            body = try FileIO.readAll(path: jobs.directory.filePath(name))
        } catch {
            return AWSError.internalFailure("Cannot read the export file: \(error)").response(requestID: requestID)
        }
        return HTTPResponse(status: .ok,
                            headers: HTTPHeaders([("Content-Type", job.definition.format.contentType), ("x-amzn-RequestId", requestID)]),
                            body: body, attachment: PlainExchange(requestID: requestID, error: nil))
    }

    /// `http://<Host>/_emulator/exports/<file>`: the address the client reached the emulator at.
    package static func url(host: String?, file: String) -> String {
        "http://\(host ?? "localhost")\(prefix)\(file)"
    }

    package init(jobs: ExportJobs) { self.jobs = jobs }
}
