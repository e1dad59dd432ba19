import Testing
@testable import SigV4

@Suite struct SigV4CredentialsTests {
    private func parse(_ json: String) throws -> SigV4Credentials { try SigV4Credentials(jsonBytes: Array(json.utf8)) }

    @Test func bothForms_areRead() throws {
        let credentials = try parse(#"{"AKID1": "s1", "AKID2": {"secret": "s2", "sessionToken": "t2"}}"#)
        #expect(credentials["AKID1"] == SigV4Secret(secretAccessKey: "s1"))
        #expect(credentials["AKID2"] == SigV4Secret(secretAccessKey: "s2", sessionToken: "t2"))
        #expect(credentials["AKID3"] == nil)
    }

    @Test func invalidFiles_sayWhy() {
        let cases: [(String, String)] = [
            ("[]", "expected an object of access key ids, got array"),
            ("{}", "no access keys"),
            (#"{"A": 1}"#, "access key 'A': expected a secret string or {\"secret\", \"sessionToken\"}, got number"),
            (#"{"A": ""}"#, "access key 'A': empty secret"),
            (#"{"A": {"sessionToken": "t"}}"#, "access key 'A': missing or empty secret"),
            (#"{"A": {"secret": "s", "token": "t"}}"#, "access key 'A': unknown field 'token' (expected secret, sessionToken)"),
            (#"{"A": "s", "A": "t"}"#, "access key 'A' appears twice"),
            (#"{"A/B": "s"}"#, "'A/B' is not a usable access key id (empty, or contains '/')"),
        ]
        for (json, message) in cases {
            let error = #expect(throws: SigV4Credentials.ParseError.self, "\(json)") { try parse(json) }
            #expect(error?.message == message, "\(json)")
        }
        #expect(throws: SigV4Credentials.ParseError.self) { try parse("{") }
    }

    @Test func unreadableFile_namesIt() {
        let error = #expect(throws: (any Error).self) { try SigV4Credentials(contentsOfFile: "/nonexistent/creds.json") }
        #expect(error.map { "\($0)" } == "cannot read credentials file /nonexistent/creds.json: No such file or directory")
    }
}
