/// SES message ids: sixteen hex digits that grow with time, a random UUID, `-000000`
/// (`0100019abc12ef34-5d2c8b7e-6f1a-4c3d-9b2e-8a7f6e5d4c3b-000000`).
package enum MessageID {
    package static func make(epochMillis: Int64) -> String {
        var rng = SystemRandomNumberGenerator()
        let r1 = rng.next() as UInt64, r2 = rng.next() as UInt64
        let uuid = hex(r1 >> 32, 8) + "-" + hex(r1 >> 16 & 0xFFFF, 4) + "-" + hex(0x4000 | r1 & 0x0FFF, 4) + "-"
            + hex(0x8000 | r2 >> 48 & 0x3FFF, 4) + "-" + hex(r2 & 0xFFFF_FFFF_FFFF, 12)
        return "0100" + hex(UInt64(max(0, epochMillis)), 12) + "-" + uuid + "-000000"
    }

    private static func hex(_ v: UInt64, _ width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits.suffix(width)
    }
}
