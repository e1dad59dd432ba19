/// The one version string: `--version` prints it and the health endpoint reports it.
enum EmulatorVersion {
    static let string = "0.1.0"
}
