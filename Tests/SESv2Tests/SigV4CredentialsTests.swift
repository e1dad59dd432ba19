import XCTest
@testable import SESv2

final class SigV4CredentialsTests: XCTestCase {
    private func parse(_ json: String) throws -> SigV4Credentials { try SigV4Credentials(jsonBytes: Array(json.utf8)) }

    func testBothForms_areRead() throws {
        let credentials = try parse(#"{"AKID1": "s1", "AKID2": {"secret": "s2", "sessionToken": "t2"}}"#)
        XCTAssertEqual(credentials["AKID1"], SigV4Secret(secretAccessKey: "s1"))
        XCTAssertEqual(credentials["AKID2"], SigV4Secret(secretAccessKey: "s2", sessionToken: "t2"))
        XCTAssertNil(credentials["AKID3"])
    }

    func testInvalidFiles_sayWhy() {
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
            XCTAssertThrowsError(try parse(json), json) { error in
                XCTAssertEqual((error as? SigV4Credentials.ParseError)?.message, message, json)
            }
        }
        XCTAssertThrowsError(try parse("{")) { XCTAssertNotNil($0 as? SigV4Credentials.ParseError) }
    }

    func testUnreadableFile_namesIt() {
        XCTAssertThrowsError(try SigV4Credentials(contentsOfFile: "/nonexistent/creds.json")) { error in
            XCTAssertEqual("\(error)", "cannot read credentials file /nonexistent/creds.json: No such file or directory")
        }
    }
}
