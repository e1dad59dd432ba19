/// One forward step of the schema. `PRAGMA user_version` records the last step applied; the
/// pending steps run in one transaction, so a crash leaves the file at a whole version.
struct Migration: Sendable {
    let version: Int64
    let name: String
    let apply: @Sendable (Database) throws -> Void
}
