import HTTPServer

/// The credential scope of a SigV4-signed request (`AKID/YYYYMMDD/REGION/SERVICE/aws4_request`),
/// from the `Authorization` header or a presigned URL's `X-Amz-Credential`. Not verified here:
/// it identifies the caller for quotas, faults and the request log.
struct SigV4Scope: Equatable, Sendable {
    let accessKeyID: String
    let date: String
    let region: String
    let service: String

    init?(_ head: HTTPRequestHead) {
        if let authorization = head.headers["Authorization"], authorization.hasPrefix("AWS4-HMAC-SHA256") {
            let afterScheme = authorization.dropFirst("AWS4-HMAC-SHA256".count)
            for part in afterScheme.split(separator: ",") {
                let item = String(part).trimmingCharacters()
                if item.hasPrefix("Credential=") {
                    self.init(credential: String(item.dropFirst("Credential=".count)))
                    return
                }
            }
            return nil
        }
        if let credential = head.query.first(where: { $0.name == "X-Amz-Credential" })?.value {
            self.init(credential: credential)
            return
        }
        return nil
    }

    init?(credential: String) {
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, !parts[0].isEmpty, parts[4] == "aws4_request" else { return nil }
        accessKeyID = parts[0]
        date = parts[1]
        region = parts[2]
        service = parts[3]
    }
}
