import JSON

/// SES templates are Handlebars; this renders the part the SES developer guide documents:
/// `{{name}}` and nested `{{a.b}}` tags, `{{#if}}`/`{{#unless}}` with `{{else}}`, `{{#each}}` over
/// arrays (and objects) with `{{this}}`, `{{@index}}`, `{{@key}}`, `{{@first}}`, `{{@last}}` and
/// `../` for the enclosing data, inline partials (`{{#* inline "x"}}…{{/inline}}`, `{{> x}}`),
/// and comments (`{{! }}`, `{{!-- --}}`). As at SES, values are not HTML-escaped, so `{{{x}}}` is
/// `{{x}}`. A tag without data renders empty. A template that does not parse (an unclosed block,
/// a stray `{{/if}}`) is rendered as its text.
package enum TemplateRenderer {
    package static func render(_ text: String, data: JSONObject) -> String {
        guard let nodes = try? parse(text) else { return text }
        var partials: [String: [Node]] = [:]
        var out = ""
        emit(nodes, scope: Scope(value: .object(data), parent: nil), partials: &partials, into: &out)
        return out
    }

    /// Why a template does not parse, nil when it does (TestRenderEmailTemplate reports it).
    package static func problem(in text: String) -> String? {
        do { _ = try parse(text); return nil } catch { return error.message }
    }

    struct ParseError: Error { let message: String }

    indirect enum Node {
        case text(Substring)
        case value(path: String)
        case block(helper: String, path: String, body: [Node], otherwise: [Node])
        case inline(name: String, body: [Node])
        case partial(name: String)
    }

    // MARK: - Parsing

    private static func parse(_ text: String) throws(ParseError) -> [Node] {
        var rest = Substring(text)
        let (nodes, end) = try parseNodes(&rest, closing: nil)
        if let end { throw ParseError(message: "{{/\(end)}} closes no block") }
        return nodes
    }

    /// Nodes up to `{{/closing}}` (or `{{else}}`, returned as the end "else"), or the end of text.
    private static func parseNodes(_ rest: inout Substring, closing: String?) throws(ParseError) -> ([Node], String?) {
        var nodes: [Node] = []
        while let open = rest.firstRange(of: "{{") {
            if open.lowerBound > rest.startIndex { nodes.append(.text(rest[..<open.lowerBound])) }
            var after = rest[open.upperBound...]
            // `{{!-- ... --}}` may hold `}}`.
            if after.hasPrefix("!--") {
                guard let close = after.firstRange(of: "--}}") else { throw ParseError(message: "an unclosed {{!-- comment") }
                rest = after[close.upperBound...]
                continue
            }
            let triple = after.hasPrefix("{")
            if triple { after = after.dropFirst() }
            guard let close = after.firstRange(of: triple ? "}}}" : "}}") else {
                nodes.append(.text(rest[open.lowerBound...]))
                rest = rest[rest.endIndex...]
                break
            }
            let tag = trimmed(after[..<close.lowerBound])
            rest = after[close.upperBound...]
            if tag.hasPrefix("!") { continue }
            if tag.hasPrefix("/") {
                let name = trimmed(tag.dropFirst())
                guard name == closing else { throw ParseError(message: "{{/\(name)}} closes no open block") }
                return (nodes, name)
            }
            if tag == "else" {
                guard closing != nil else { throw ParseError(message: "{{else}} outside a block") }
                return (nodes, "else")
            }
            if tag.hasPrefix(">") {
                nodes.append(.partial(name: unquoted(trimmed(tag.dropFirst()))))
                continue
            }
            if tag.hasPrefix("#*") {
                let words = tag.dropFirst(2).split(separator: " ", omittingEmptySubsequences: true)
                guard words.first == "inline", words.count == 2 else { throw ParseError(message: "{{\(tag)}} is not an inline partial") }
                let (body, end) = try parseNodes(&rest, closing: "inline")
                guard end == "inline" else { throw ParseError(message: "{{#* inline}} is not closed") }
                nodes.append(.inline(name: unquoted(String(words[1])), body: body))
                continue
            }
            if tag.hasPrefix("#") {
                let words = tag.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
                guard let helper = words.first.map(String.init), ["if", "unless", "each", "with"].contains(helper), words.count == 2 else {
                    throw ParseError(message: "{{\(tag)}} is not a block SES templates take (#if, #unless, #each, #with)")
                }
                var (body, end) = try parseNodes(&rest, closing: helper)
                var otherwise: [Node] = []
                if end == "else" { (otherwise, end) = try parseNodes(&rest, closing: helper) }
                guard end == helper else { throw ParseError(message: "{{#\(helper)}} is not closed") }
                nodes.append(.block(helper: helper, path: trimmed(words[1]), body: body, otherwise: otherwise))
                continue
            }
            nodes.append(.value(path: tag))
        }
        if !rest.isEmpty { nodes.append(.text(rest)) }
        rest = rest[rest.endIndex...]
        if let closing { throw ParseError(message: "{{#\(closing)}} is not closed") }
        return (nodes, nil)
    }

    /// A tag's text without surrounding white space and Handlebars' `~` markers.
    private static func trimmed(_ s: Substring) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "~" }
        return String(s.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }

    private static func unquoted(_ s: String) -> String {
        s.count >= 2 && (s.hasPrefix("\"") && s.hasSuffix("\"") || s.hasPrefix("'") && s.hasSuffix("'")) ? String(s.dropFirst().dropLast()) : s
    }

    // MARK: - Rendering

    final class Scope {
        let value: JSONValue
        let parent: Scope?
        var index: Int?
        var key: String?
        var count = 0

        init(value: JSONValue, parent: Scope?) {
            self.value = value
            self.parent = parent
        }
    }

    private static func emit(_ nodes: [Node], scope: Scope, partials: inout [String: [Node]], into out: inout String) {
        for node in nodes {
            switch node {
            case .text(let t): out += t
            case .value(let path): out += text(lookup(path, in: scope))
            case .inline(let name, let body): partials[name] = body
            case .partial(let name): if let body = partials[name] { emit(body, scope: scope, partials: &partials, into: &out) }
            case .block(let helper, let path, let body, let otherwise):
                let value = lookup(path, in: scope)
                switch helper {
                case "if": emit(isTruthy(value) ? body : otherwise, scope: scope, partials: &partials, into: &out)
                case "unless": emit(isTruthy(value) ? otherwise : body, scope: scope, partials: &partials, into: &out)
                case "with":
                    if isTruthy(value), let value { emit(body, scope: Scope(value: value, parent: scope), partials: &partials, into: &out) }
                    else { emit(otherwise, scope: scope, partials: &partials, into: &out) }
                default:
                    var items: [(String?, JSONValue)] = []
                    if case .array(let a)? = value { items = a.map { (nil, $0) } }
                    if case .object(let o)? = value { items = o.members.map { ($0.key, $0.value) } }
                    guard !items.isEmpty else { emit(otherwise, scope: scope, partials: &partials, into: &out); continue }
                    for (i, item) in items.enumerated() {
                        let inner = Scope(value: item.1, parent: scope)
                        inner.index = i
                        inner.key = item.0
                        inner.count = items.count
                        emit(body, scope: inner, partials: &partials, into: &out)
                    }
                }
            }
        }
    }

    /// `this`, `this.a`, `a.b`, `../a`, `@index` and the other `@` data; a name not found in the
    /// current data is looked for in the enclosing ones, as Handlebars' helpers do.
    private static func lookup(_ path: String, in scope: Scope) -> JSONValue? {
        var scope = scope
        var path = Substring(path)
        var walkedUp = false
        while path.hasPrefix("../") {
            guard let parent = scope.parent else { return nil }
            scope = parent
            path = path.dropFirst(3)
            walkedUp = true
        }
        switch path {
        case "@index": return scope.index.map { .number(JSONNumber(text: String($0))) }
        case "@key": return scope.key.map { .string($0) }
        case "@first": return scope.index.map { .bool($0 == 0) }
        case "@last": return scope.index.map { .bool($0 == scope.count - 1) }
        default: break
        }
        var keys = path.split(separator: ".").map(String.init)
        if keys.first == "this" { keys.removeFirst(); walkedUp = true }
        if keys.isEmpty { return scope.value }
        var candidate: Scope? = scope
        while let s = candidate {
            if let found = value(at: keys, in: s.value) { return found }
            if walkedUp { return nil }
            candidate = s.parent
        }
        return nil
    }

    private static func value(at keys: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for key in keys {
            switch current {
            case .object(let o):
                guard let next = o[key] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(key), a.indices.contains(i) else { return nil }
                current = a[i]
            default: return nil
            }
        }
        return current
    }

    /// Handlebars' truth: not false, null, missing, "", 0 or an empty list.
    private static func isTruthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?, .bool(false)?: return false
        case .string(let s)?: return !s.isEmpty
        case .number(let n)?: return n.doubleValue != 0
        case .array(let a)?: return !a.isEmpty
        default: return true
        }
    }

    private static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let s)?: return s
        case .number(let n)?: return n.text
        case .bool(let b)?: return b ? "true" : "false"
        case let v?:
            var bytes: [UInt8] = []
            JSONWriter.append(v, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
