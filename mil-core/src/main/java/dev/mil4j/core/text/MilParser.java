package dev.mil4j.core.text;

import static java.util.Objects.requireNonNull;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.diag.Location;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.OpRegistry;
import dev.mil4j.core.op.Opset;
import dev.mil4j.core.text.Lexer.Kind;
import dev.mil4j.core.text.Lexer.Token;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.DictType;
import dev.mil4j.core.types.Dim;
import dev.mil4j.core.types.DimBound;
import dev.mil4j.core.types.ListType;
import dev.mil4j.core.types.StateType;
import dev.mil4j.core.types.Shape;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.types.ValueType;
import dev.mil4j.core.value.TensorFiller;
import dev.mil4j.core.value.TensorValue;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the MIL text form written by {@link MilPrinter}. Ops are looked up in an {@link OpRegistry} at the function's
 * opset and built without folding; each op's printed output types must equal the inferred ones. Errors are
 * {@link MilSyntaxException}s giving line and column.
 *
 * <p>The text is read as a stream: tokens are made on demand with a lookahead of at most three, and tensor literals
 * go straight into their packed storage, so parsing needs memory for the program it builds, not for the text.
 */
public final class MilParser {
    private static final int LOOKAHEAD = 3;

    private final OpRegistry registry;
    private final Lexer lexer;
    private final Token[] ahead = new Token[LOOKAHEAD];
    private int buffered;
    private final Deque<Map<String, Var>> scopes = new ArrayDeque<>();
    private Set<String> functionNames = new HashSet<>();

    private MilParser(OpRegistry registry, Reader text, int bufferSize) {
        this.registry = requireNonNull(registry, "registry is null");
        this.lexer = new Lexer(requireNonNull(text, "text is null"), bufferSize);
    }

    /** Parses a whole program, through {@link #parse(Reader, OpRegistry)} over a {@link StringReader}. */
    public static Program parse(String text, OpRegistry registry) {
        requireNonNull(text, "text is null");
        try {
            return parse(new StringReader(text), registry);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringReader failed", e);
        }
    }

    /**
     * Parses a whole program read from {@code text} to its end, as a stream: memory goes to the program being built
     * (its constants packed as they are read), not to the text or its tokens. The reader is read in chunks of
     * 64 Ki chars, so it needs no buffering of its own, and it is not closed.
     *
     * @throws IOException when reading fails
     * @throws MilSyntaxException when the text is not valid MIL, or not UTF-8 text where the reader decodes UTF-8
     *         and reports malformed input (a {@link java.nio.charset.CharacterCodingException}); the position is
     *         the one the reading had reached
     */
    public static Program parse(Reader text, OpRegistry registry) throws IOException {
        return parse(text, registry, Lexer.DEFAULT_BUFFER);
    }

    /** {@link #parse(Reader, OpRegistry)} with a given char buffer size, for tests of the buffer's boundaries. */
    static Program parse(Reader text, OpRegistry registry, int bufferSize) throws IOException {
        try {
            return new MilParser(registry, text, bufferSize).program();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Program program() {
        expectIdent("program");
        expect("(");
        expectIdent("version");
        expect(":");
        Token v = expectKind(Kind.NUMBER, "a version number");
        expect(")");
        Program program = new Program(parseInt(v));
        while (peek().isIdent("attribute")) {
            next();
            String key = expectKind(Kind.IDENT, "an attribute name").text();
            expect("=");
            program.setAttribute(key, expectKind(Kind.STRING, "a string").text());
        }
        while (peek().isIdent("func")) {
            function(program);
        }
        if (peek().kind() != Kind.EOF) {
            throw error(peek(), "expected 'func' or the end of the text, found " + peek().describe());
        }
        return program;
    }

    private void function(Program program) {
        next(); // func
        Token nameTok = next();
        if (nameTok.kind() != Kind.IDENT && nameTok.kind() != Kind.STRING) {
            throw error(nameTok, "expected a function name, found " + nameTok.describe());
        }
        if (program.function(nameTok.text()).isPresent()) {
            throw error(nameTok, "function '" + nameTok.text() + "' is defined twice");
        }
        expect("<");
        Token opsetTok = expectKind(Kind.IDENT, "an opset such as iOS15");
        Opset opset = Opset.parse(opsetTok.text()).orElseThrow(() -> error(opsetTok, "unknown opset '"
                + opsetTok.text() + "'; known: iOS15, iOS16, iOS17, iOS18"));
        expect(">");
        functionNames = new HashSet<>();
        Map<String, ValueType> params = params();
        Function f = program.addFunction(nameTok.text(), opset, params);
        dimBounds(f);
        scopes.clear();
        scopes.push(new HashMap<>());
        for (Var in : f.inputs()) {
            scopes.peek().put(in.name(), in);
        }
        Builder b = Builder.atEnd(f.body(), registry).folding(false);
        body(b);
        f.setOutputs(results());
        scopes.pop();
    }

    /** {@code (%a: type, ...)}; names must be new in the function. */
    private Map<String, ValueType> params() {
        expect("(");
        Map<String, ValueType> params = new LinkedHashMap<>();
        if (!peek().is(")")) {
            do {
                Token name = expectKind(Kind.VAR, "a %name");
                claim(name);
                expect(":");
                params.put(name.text(), type());
            } while (accept(","));
        }
        expect(")");
        return params;
    }

    /** {@code where S = 1..512, T = 2..}: ranges of the inputs' symbolic dimensions, if any. */
    private void dimBounds(Function f) {
        if (!peek().isIdent("where")) {
            return;
        }
        next();
        do {
            Token symbol = expectKind(Kind.IDENT, "a dimension symbol");
            if (!f.isInputSymbol(symbol.text())) {
                throw error(symbol, "'" + symbol.text() + "' is not a dimension of an input of function '"
                        + f.name() + "'");
            }
            if (f.dimBound(symbol.text()).isPresent()) {
                throw error(symbol, "dimension " + symbol.text() + " has two ranges");
            }
            expect("=");
            Token range = expectKind(Kind.NUMBER, "a range such as 1..512");
            try {
                f.setDimBound(symbol.text(), DimBound.parse(range.text()));
            } catch (IllegalArgumentException e) {
                throw error(range, e.getMessage());
            }
        } while (accept(","));
    }

    private void body(Builder b) {
        expect("{");
        while (!peek().is("}")) {
            operation(b);
        }
        expect("}");
    }

    /** {@code -> (%a, %b)} */
    private List<Var> results() {
        expect("->");
        expect("(");
        List<Var> out = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                out.add(lookup(expectKind(Kind.VAR, "a %name")));
            } while (accept(","));
        }
        expect(")");
        return out;
    }

    private void operation(Builder b) {
        Token start = peek();
        List<Token> outNames = new ArrayList<>();
        List<ValueType> outTypes = new ArrayList<>();
        if (peek().kind() == Kind.VAR) {
            do {
                Token n = expectKind(Kind.VAR, "a %name");
                claim(n);
                outNames.add(n);
                expect(":");
                outTypes.add(type());
            } while (accept(","));
            expect("=");
        }
        Token typeTok = expectKind(Kind.IDENT, "an op type");
        Builder.OpBuilder ob;
        try {
            ob = b.op(typeTok.text());
        } catch (ConversionException e) {
            throw error(typeTok, e.diagnostics().get(0).message());
        }
        expect("(");
        if (!peek().is(")")) {
            do {
                String input = expectKind(Kind.IDENT, "an input name").text();
                expect("=");
                if (accept("[")) {
                    List<Var> vars = new ArrayList<>();
                    if (!peek().is("]")) {
                        do {
                            vars.add(lookup(expectKind(Kind.VAR, "a %name")));
                        } while (accept(","));
                    }
                    expect("]");
                    ob.inputs(input, vars);
                } else {
                    ob.input(input, lookup(expectKind(Kind.VAR, "a %name")));
                }
            } while (accept(","));
        }
        expect(")");
        if (peek().is("{") && !startsNestedBlocks()) {
            next();
            do {
                String attr = expectKind(Kind.IDENT, "an attribute name").text();
                expect("=");
                ob.attribute(attr, value());
            } while (accept(","));
            expect("}");
        }
        String opName = outNames.isEmpty() ? null : outNames.get(0).text();
        if (accept("[")) {
            expectIdent("name");
            expect("=");
            Token n = expectKind(Kind.STRING, "a string");
            if (!n.text().equals(opName)) {
                claim(n);
            }
            opName = n.text();
            expect("]");
        }
        if (opName == null) {
            throw error(start, "an op without outputs needs a [name = \"...\"]");
        }
        ob.name(opName).outputNames(outNames.stream().map(Token::text).toList());
        ob.location(accept("@") ? location() : Location.UNKNOWN);
        if (accept("{")) {
            while (peek().isIdent("block")) {
                next();
                Map<String, ValueType> blockParams = params();
                ob.block(blockParams, (inner, args) -> {
                    scopes.push(new HashMap<>());
                    for (Var a : args) {
                        scopes.peek().put(a.name(), a);
                    }
                    body(inner.folding(false));
                    List<Var> outs = results();
                    scopes.pop();
                    return outs;
                });
            }
            expect("}");
        }
        Operation op;
        try {
            op = ob.declaredOutputTypes(outTypes).build();
        } catch (ConversionException e) {
            String message = e.diagnostics().get(0).message();
            throw error(message.contains("outputs are declared as") ? start : typeTok, message);
        }
        if (!op.name().equals(opName)) {
            throw error(start, "the op name '" + opName + "' is used twice");
        }
        for (Var v : op.outputs()) {
            scopes.peek().put(v.name(), v);
        }
    }

    /** At {@code {}: whether nested blocks follow ({@code { block(}) rather than attributes ({@code { name =}). */
    private boolean startsNestedBlocks() {
        return peek(1).isIdent("block") && peek(2).is("(");
    }

    private Location location() {
        expect("(");
        String framework = expectKind(Kind.STRING, "a string").text();
        expect(",");
        String node = expectKind(Kind.STRING, "a string").text();
        expect(",");
        String scope = expectKind(Kind.STRING, "a string").text();
        expect(",");
        String file = expectKind(Kind.STRING, "a string").text();
        expect(",");
        Token lineTok = expectKind(Kind.NUMBER, "a line number");
        int line = parseInt(lineTok);
        if (line < 0) {
            throw error(lineTok, "a location's line number is " + line + "; use 0 (unknown) or a positive line");
        }
        expect(")");
        return new Location(framework, node, scope, file, line);
    }

    private ValueType type() {
        Token t = expectKind(Kind.IDENT, "a type such as fp32[2, 3]");
        if (t.text().equals("list")) {
            expect("<");
            ValueType elem = type();
            if (!(elem instanceof TensorType et)) {
                throw error(t, "a list holds tensors");
            }
            expect(",");
            Dim length = dim();
            expect(">");
            return new ListType(et, length);
        }
        if (t.text().equals("state")) {
            expect("<");
            ValueType wrapped = type();
            if (!(wrapped instanceof TensorType wt)) {
                throw error(t, "a state holds a tensor");
            }
            expect(">");
            return new StateType(wt);
        }
        if (t.text().equals("dict")) {
            expect("<");
            DType key = dtypeName();
            expect(",");
            DType value = dtypeName();
            expect(">");
            return DictType.of(key, value);
        }
        DType dtype = DType.fromMilName(t.text()).orElseThrow(() -> error(t, "unknown dtype '" + t.text() + "'"));
        expect("[");
        List<Dim> dims = new ArrayList<>();
        if (!peek().is("]")) {
            do {
                dims.add(dim());
            } while (accept(","));
        }
        expect("]");
        return new TensorType(dtype, Shape.of(dims));
    }

    private DType dtypeName() {
        Token t = expectKind(Kind.IDENT, "a dtype such as string or fp64");
        return DType.fromMilName(t.text()).orElseThrow(() -> error(t, "unknown dtype '" + t.text() + "'"));
    }

    private Dim dim() {
        Token t = next();
        if (t.kind() == Kind.NUMBER) {
            long n = parseLong(t);
            if (n < 0) {
                throw error(t, "a dimension cannot be negative");
            }
            return Dim.of(n);
        }
        if (t.kind() == Kind.IDENT && Dim.isSymbolName(t.text())) {
            return Dim.symbol(t.text());
        }
        throw error(t, "expected a dimension (a size or a symbol), found " + t.describe());
    }

    private TensorValue value() {
        Token typeTok = peek();
        ValueType vt = type();
        if (!(vt instanceof TensorType tt) || !tt.shape().isStatic()) {
            throw error(typeTok, "a constant needs a tensor type with a static shape, got " + vt);
        }
        if (peek().is("<")) {
            throw error(peek(), "this constant was elided by the printer; print with MilPrinter.full() to parse it");
        }
        long count;
        try {
            count = tt.shape().elementCount().orElseThrow();
        } catch (ArithmeticException e) {
            throw error(typeTok, tt + " has more elements than a constant can hold");
        }
        expect("[");
        Elements elements = new Elements(tt, count);
        if (!peek().is("]")) {
            do {
                elements.add(next());
            } while (accept(","));
        }
        expect("]");
        if (elements.given != count) {
            throw error(typeTok, tt + " needs " + count + " elements, got " + elements.given);
        }
        return elements.build();
    }

    /**
     * The elements of a tensor literal, converted as they come: numbers and bools into the packed storage, strings
     * into an array. Elements beyond the declared count are only counted; the first bad element is kept to report
     * after the count has been checked.
     */
    private final class Elements {
        private final TensorType type;
        private final long count;
        private final TensorFiller filler;
        private final List<String> strings;
        private long given;
        private MilSyntaxException firstBad;

        Elements(TensorType type, long count) {
            this.type = type;
            this.count = count;
            this.filler = type.dtype() == DType.STRING ? null : TensorValue.filler(type.dtype(), type.shape());
            this.strings = type.dtype() == DType.STRING ? new ArrayList<>() : null;
        }

        void add(Token t) {
            if (given++ >= count || firstBad != null) {
                return;
            }
            try {
                put(t);
            } catch (MilSyntaxException e) {
                firstBad = e;
            }
        }

        private void put(Token t) {
            DType d = type.dtype();
            if (d == DType.STRING) {
                strings.add(expectElement(t, Kind.STRING, "a string").text());
            } else if (d == DType.BOOL) {
                if (!t.isIdent("true") && !t.isIdent("false")) {
                    throw error(t, "expected true or false, found " + t.describe());
                }
                filler.putBoolean(t.isIdent("true"));
            } else if (d.isFloat()) {
                filler.putDouble(floatElement(t, d));
            } else {
                filler.putLong(parseLong(expectElement(t, Kind.NUMBER, "an integer")));
            }
        }

        TensorValue build() {
            if (firstBad != null) {
                throw firstBad;
            }
            return strings != null ? TensorValue.ofStrings(type.shape(), strings.toArray(String[]::new))
                    : filler.build();
        }
    }

    private double floatElement(Token t, DType d) {
        String s = t.text();
        if (t.kind() == Kind.IDENT && s.equals("nan")) {
            return Double.NaN;
        }
        if (t.kind() == Kind.IDENT && s.equals("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.kind() == Kind.NUMBER && s.equals("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (t.kind() != Kind.NUMBER) {
            throw error(t, "expected a number, found " + t.describe());
        }
        try {
            return d == DType.FP64 ? Decimals.parseDouble(s) : Decimals.parseFloat(s);
        } catch (NumberFormatException e) {
            throw error(t, "bad number '" + s + "'");
        }
    }

    private Token expectElement(Token t, Kind kind, String what) {
        if (t.kind() != kind) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        return t;
    }

    private Var lookup(Token name) {
        for (Map<String, Var> scope : scopes) {
            Var v = scope.get(name.text());
            if (v != null) {
                return v;
            }
        }
        throw error(name, "%" + name.text() + " is not defined before this use");
    }

    private void claim(Token name) {
        if (!functionNames.add(name.text())) {
            throw error(name, "the name %" + name.text() + " is defined twice");
        }
    }

    private Token peek() {
        return peek(0);
    }

    /** The token {@code k} places ahead ({@code k < LOOKAHEAD}), lexed when first needed. */
    private Token peek(int k) {
        while (buffered <= k) {
            ahead[buffered++] = lexer.next();
        }
        return ahead[k];
    }

    /** The current token, moving past it unless it is the end of the text. */
    private Token next() {
        Token t = peek();
        if (t.kind() != Kind.EOF) {
            consume();
        }
        return t;
    }

    private void consume() {
        System.arraycopy(ahead, 1, ahead, 0, buffered - 1);
        ahead[--buffered] = null;
    }

    private boolean accept(String punct) {
        if (peek().is(punct)) {
            consume();
            return true;
        }
        return false;
    }

    private void expect(String punct) {
        if (!accept(punct)) {
            throw error(peek(), "expected '" + punct + "', found " + peek().describe());
        }
    }

    private void expectIdent(String word) {
        if (!peek().isIdent(word)) {
            throw error(peek(), "expected '" + word + "', found " + peek().describe());
        }
        consume();
    }

    private Token expectKind(Kind kind, String what) {
        Token t = peek();
        if (t.kind() != kind) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        return next();
    }

    private static int parseInt(Token t) {
        long v = parseLong(t);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error(t, "number out of range: " + t.text());
        }
        return (int) v;
    }

    private static long parseLong(Token t) {
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw error(t, "expected an integer, found '" + t.text() + "'");
        }
    }

    private static MilSyntaxException error(Token t, String message) {
        return new MilSyntaxException(t.line(), t.column(), message);
    }
}
