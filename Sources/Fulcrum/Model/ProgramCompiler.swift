/// Compiles a checked expression into a `Program`: constants folded, names resolved to
/// node numbers, registers reused in stack order so long formulas need few of them.
struct ProgramCompiler {
    let nodeIndex: [String: Int]
    let horizon: Int
    /// Variable ids and correlation columns for random calls, by formula path.
    var catalog: RandomVariableCatalog
    let correlatedColumns: [String: Int]

    private var instructions: [Instruction] = []
    private var freeRegisters: [Int] = []
    private var registerCount = 0
    private var formula: Formula!
    private var path = ""
    private var sharing = false
    private var randomOccurrence = 0

    init(nodeIndex: [String: Int], horizon: Int, catalog: RandomVariableCatalog, correlatedColumns: [String: Int]) {
        self.nodeIndex = nodeIndex
        self.horizon = horizon
        self.catalog = catalog
        self.correlatedColumns = correlatedColumns
    }

    /// `path` names the formula for random variable identities ("inputs.traffic"); with
    /// `sharingDraws`, every formula compiled under the same path draws the same values.
    mutating func compile(_ formula: Formula, path: String, sharingDraws: Bool = false) -> Program {
        self.formula = formula
        self.path = path
        self.sharing = sharingDraws
        instructions = []
        freeRegisters = []
        registerCount = 0
        randomOccurrence = 0
        let value = operand(formula.expression)
        instructions.append(.copy(.result, value))
        return Program(instructions: fuseMultiplyAdd(peepholeResult(instructions)), registerCount: registerCount, location: formula.location)
    }

    /// `a * b` into a register that only the next instruction's `+` reads becomes one
    /// multiply-add: the same roundings, one pass over memory fewer. Addition commutes
    /// exactly, so `c + r` and `r + c` fuse alike.
    private func fuseMultiplyAdd(_ program: [Instruction]) -> [Instruction] {
        var fused: [Instruction] = []
        var i = 0
        while i < program.count {
            if i + 1 < program.count, case .binary(.multiply, .register(let r), let a, let b) = program[i],
               case .binary(.add, let d, let x, let y) = program[i + 1], (x == .register(r)) != (y == .register(r)),
               d == .register(r) || !Self.readsBeforeWriting(r, program[(i + 2)...]) {
                fused.append(.multiplyAdd(d, a, b, x == .register(r) ? y : x))
                i += 2
            } else {
                fused.append(program[i])
                i += 1
            }
        }
        return fused
    }

    private static func readsBeforeWriting(_ r: Int, _ rest: ArraySlice<Instruction>) -> Bool {
        for instruction in rest {
            if instruction.operands.contains(.register(r)) { return true }
            if instruction.destination == .register(r) { return false }
        }
        return false
    }

    /// Writes the last computation straight into the result instead of copying it there.
    private func peepholeResult(_ program: [Instruction]) -> [Instruction] {
        guard program.count >= 2, case .copy(.result, .register(let r)) = program.last! else { return program }
        let rewritten = program[program.count - 2].writing(to: .result, ifWritingRegister: r)
        guard let rewritten else { return program }
        return Array(program.dropLast(2)) + [rewritten]
    }

    private mutating func allocate() -> Int {
        if let register = freeRegisters.popLast() { return register }
        registerCount += 1
        return registerCount - 1
    }

    private mutating func release(_ operand: Operand) {
        if case .register(let r) = operand { freeRegisters.append(r) }
    }

    /// Emits the code for `expression` and returns where its value is.
    private mutating func operand(_ expression: Expression) -> Operand {
        if case .number(let value) = expression.kind { return .constant(value) }
        if !containsRandom(expression), let value = ConstantFolding.value(of: expression, horizon: horizon) {
            return .constant(value)
        }
        switch expression.kind {
        case .number(let value):
            return .constant(value)
        case .name("t"):
            return .period
        case .name("pi"):
            return .constant(Double.pi)
        case .name("horizon"):
            return .constant(Double(horizon))
        case .name(let name):
            return .node(nodeIndex[name]!, lag: 0)
        case .lag(let name, let periods):
            return .node(nodeIndex[name]!, lag: periods)
        case .negate(let inner):
            return unary(inner) { .negate($0, $1) }
        case .not(let inner):
            return unary(inner) { .not($0, $1) }
        case .power(let base, let exponent):
            return binary(base, exponent) { .power($0, $1, $2) }
        case .chain(let first, let rest):
            var accumulator = operand(first)
            for link in rest {
                let right = operand(link.operand)
                release(right)
                release(accumulator)
                let register = allocate()
                instructions.append(.binary(link.op, .register(register), accumulator, right))
                accumulator = .register(register)
            }
            return accumulator
        case .interval(let low, let high):
            return draw(.interval, [low, high], at: expression)
        case .call(let name, let arguments):
            if let family = DistributionFamily(rawValue: name),
               case .success(let call) = DistributionCall.resolve(family, arguments) {
                return draw(.family(family, form: call.form), call.arguments, at: expression)
            }
            return function(BuiltinFunction(rawValue: name)!, arguments.map(\.value))
        }
    }

    private mutating func unary(_ inner: Expression, _ make: (Destination, Operand) -> Instruction) -> Operand {
        let value = operand(inner)
        release(value)
        let register = allocate()
        instructions.append(make(.register(register), value))
        return .register(register)
    }

    private mutating func binary(_ a: Expression, _ b: Expression, _ make: (Destination, Operand, Operand) -> Instruction) -> Operand {
        let left = operand(a), right = operand(b)
        release(right)
        release(left)
        let register = allocate()
        instructions.append(make(.register(register), left, right))
        return .register(register)
    }

    private mutating func function(_ function: BuiltinFunction, _ arguments: [Expression]) -> Operand {
        switch function {
        case .min, .max:
            var accumulator = operand(arguments[0])
            for argument in arguments.dropFirst() {
                let right = operand(argument)
                release(right)
                release(accumulator)
                let register = allocate()
                instructions.append(function == .min ? .minimum(.register(register), accumulator, right)
                                                     : .maximum(.register(register), accumulator, right))
                accumulator = .register(register)
            }
            return accumulator
        case .clamp, .if:
            let values = arguments.map { operand($0) }
            values.reversed().forEach { release($0) }
            let register = allocate()
            instructions.append(function == .clamp
                ? .clamp(.register(register), values[0], low: values[1], high: values[2])
                : .select(.register(register), condition: values[0], values[1], values[2]))
            return .register(register)
        default:
            return unary(arguments[0]) { .function(function, $0, $1) }
        }
    }

    private mutating func draw(_ shape: RandomDraw.Shape, _ arguments: [Expression], at expression: Expression) -> Operand {
        let occurrence = randomOccurrence
        randomOccurrence += 1
        let parameters = arguments.map { operand($0) }
        parameters.reversed().forEach { release($0) }
        var random = RandomDraw(variable: catalog.identity(path: path, occurrence: occurrence, sharing: sharing), shape: shape,
                                parameters: parameters, constant: nil,
                                correlatedColumn: occurrence == 0 && expression.offset == formula.expression.offset
                                    ? correlatedColumns[path] : nil,
                                scoreQuantile: nil, location: formula.location(of: expression))
        let constants = parameters.compactMap { if case .constant(let value) = $0 { value } else { nil } }
        if constants.count == parameters.count, case .success(let distribution) = random.distribution(constants) {
            random.constant = distribution
            if random.correlatedColumn != nil || distribution.samplesByRejection { random.scoreQuantile = ScoreQuantile(distribution) }
        }
        let register = allocate()
        instructions.append(.draw(.register(register), random))
        return .register(register)
    }

    private func containsRandom(_ expression: Expression) -> Bool {
        var found = false
        expression.forEach { node in
            switch node.kind {
            case .interval: found = true
            case .call(let name, _) where DistributionFamily(rawValue: name) != nil: found = true
            default: break
            }
        }
        return found
    }
}

extension Instruction {
    /// This instruction with its destination replaced, if it writes register `r`.
    func writing(to destination: Destination, ifWritingRegister r: Int) -> Instruction? {
        let target = Destination.register(r)
        switch self {
        case .copy(let d, let a) where d == target: return .copy(destination, a)
        case .negate(let d, let a) where d == target: return .negate(destination, a)
        case .not(let d, let a) where d == target: return .not(destination, a)
        case .function(let f, let d, let a) where d == target: return .function(f, destination, a)
        case .binary(let op, let d, let a, let b) where d == target: return .binary(op, destination, a, b)
        case .multiplyAdd(let d, let a, let b, let c) where d == target: return .multiplyAdd(destination, a, b, c)
        case .power(let d, let a, let b) where d == target: return .power(destination, a, b)
        case .minimum(let d, let a, let b) where d == target: return .minimum(destination, a, b)
        case .maximum(let d, let a, let b) where d == target: return .maximum(destination, a, b)
        case .clamp(let d, let x, let lo, let hi) where d == target: return .clamp(destination, x, low: lo, high: hi)
        case .select(let d, let c, let a, let b) where d == target: return .select(destination, condition: c, a, b)
        case .draw(let d, let random) where d == target: return .draw(destination, random)
        default: return nil
        }
    }
}
