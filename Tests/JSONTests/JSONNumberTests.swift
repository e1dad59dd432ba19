import Testing
@testable import JSON

private func number(_ s: String) throws -> JSONNumber {
    guard case .number(let n) = try JSONParser.parse(Array(s.utf8)) else { throw NotANumber() }
    return n
}
private struct NotANumber: Error {}

@Suite struct JSONNumberTests {
    @Test func text_isKeptAsWritten() throws {
        #expect(try number("1730419200.0").text == "1730419200.0")
        #expect(try number("-5E+02").text == "-5E+02")
    }

    @Test func integerValue_ofIntegralLiterals() throws {
        #expect(try number("5").integerValue == 5)
        #expect(try number("0").integerValue == 0)
        #expect(try number("-0").integerValue == 0)
        #expect(try number("-17").integerValue == -17)
        #expect(try number("1730419200").integerValue == 1_730_419_200)
    }

    @Test func integerValue_ofIntegralFractionsAndExponents() throws {
        #expect(try number("5.000").integerValue == 5)
        #expect(try number("5e2").integerValue == 500)
        #expect(try number("5E+2").integerValue == 500)
        #expect(try number("1730419200.0").integerValue == 1_730_419_200)
        #expect(try number("1.5e1").integerValue == 15)
        #expect(try number("1500e-2").integerValue == 15)
        #expect(try number("0.0e-5").integerValue == 0)
        #expect(try number("0e999999999999").integerValue == 0)
        #expect(try number("10.50e1").integerValue == 105)
        #expect(try number("100e-2").integerValue == 1)
        #expect(try number("0.000001e6").integerValue == 1)
    }

    @Test func integerValue_isNilForNonIntegers() throws {
        #expect(try number("5.5").integerValue == nil)
        #expect(try number("1e-1").integerValue == nil)
        #expect(try number("1730419200.5").integerValue == nil)
        #expect(try number("0.1").integerValue == nil)
        #expect(try number("15e-1").integerValue == nil)
    }

    @Test func integerValue_int64Edges() throws {
        #expect(try number("9223372036854775807").integerValue == Int64.max)
        #expect(try number("-9223372036854775808").integerValue == Int64.min)
        #expect(try number("9223372036854775808").integerValue == nil)
        #expect(try number("-9223372036854775809").integerValue == nil)
        #expect(try number("9.223372036854775807e18").integerValue == Int64.max)
        #expect(try number("1e18").integerValue == 1_000_000_000_000_000_000)
        #expect(try number("1e19").integerValue == nil)
        #expect(try number("1e999999999999").integerValue == nil)
        #expect(try number("18446744073709551616").integerValue == nil)
        #expect(try number("123456789012345678901234567890").integerValue == nil)
        #expect(try number("1.00000000000000000000000000000e0").integerValue == 1)
        #expect(try number("100000000000000000000000000000e-28").integerValue == 10)
    }

    @Test func doubleValue_isNearestDouble() throws {
        #expect(try number("0.5").doubleValue == 0.5)
        #expect(try number("-2.5e-3").doubleValue == -0.0025)
        #expect(try number("1730419200.5").doubleValue == 1_730_419_200.5)
        #expect(try number("0.1").doubleValue == 0.1)
        #expect(try number("1e400").doubleValue == .infinity)
        #expect(try number("-1e400").doubleValue == -.infinity)
        #expect(try number("1e-400").doubleValue == 0)
    }

    @Test func isIntegerLiteral_meansNoFractionNoExponent() throws {
        #expect(try number("5").isIntegerLiteral)
        #expect(try number("-5").isIntegerLiteral)
        #expect(try !number("5.0").isIntegerLiteral)
        #expect(try !number("5e0").isIntegerLiteral)
        #expect(try !number("5E0").isIntegerLiteral)
    }
}

