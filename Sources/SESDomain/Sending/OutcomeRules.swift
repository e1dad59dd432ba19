import Support
import Synchronization

/// The outcome rules in force and their seeded generator: the same rules and the same sends give
/// the same outcomes, run after run (as faults do; a rule with probability 1 draws nothing).
package final class OutcomeRules: Sendable {
    private struct State {
        var configuration: OutcomeConfiguration
        var random: Xoshiro256

        init(_ configuration: OutcomeConfiguration) {
            self.configuration = configuration
            random = Xoshiro256(seed: UInt64(bitPattern: configuration.seed))
        }
    }

    package let startup: OutcomeConfiguration
    private let state: Mutex<State>

    package init(startup: OutcomeConfiguration) {
        self.startup = startup
        state = Mutex(State(startup))
    }

    package var configuration: OutcomeConfiguration { state.withLock { $0.configuration } }

    /// Reseeds the generator.
    package func replace(_ configuration: OutcomeConfiguration) { state.withLock { $0 = State(configuration) } }

    /// The outcome of mail to `recipient`: the first matching rule that fires, else DELIVERY.
    package func outcome(recipient: String, emailIdentity: String, configurationSet: String?, isp: String) -> MessageOutcome {
        state.withLock { s in
            for rule in s.configuration.rules
            where rule.matches(recipient: recipient, emailIdentity: emailIdentity, configurationSet: configurationSet, isp: isp) {
                if s.random.fires(probability: rule.probability) { return rule.outcome }
            }
            return .DELIVERY
        }
    }
}
