package dev.mil4j.frontend.pytorch.script;

import dev.mil4j.frontend.pytorch.archive.PyNone;
import dev.mil4j.frontend.pytorch.script.Token.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the TorchScript subset that {@code torch.jit.trace} and {@code torch.jit.script} write into an archive's
 * {@code code/} files: classes with attribute annotations (also {@code __annotations__["0"] = T}),
 * {@code __parameters__}/{@code __buffers__}/{@code __constants__} lists and methods; typed {@code def}s;
 * assignments, tuple unpacking, augmented assignment; {@code if}/{@code elif}/{@code else}, {@code for},
 * {@code while}, {@code return}, {@code assert}, {@code raise}; calls with keyword arguments, attribute access,
 * subscripts and slices, list, tuple and dict literals, and Python's operators.
 *
 * <p>Expressions nest at most {@value #MAX_NESTING} deep and a statement applies at most {@value #MAX_CHAIN}
 * operators, calls, subscripts and attribute reads, so that neither this recursive-descent parser nor the code that
 * walks its trees can run out of stack on hostile input.
 */
public final class Parser {
    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", "<=", ">", ">=");
    private static final Set<String> AUGMENTED = Set.of("+=", "-=", "*=", "/=", "//=", "**=");
    static final int MAX_NESTING = 100;
    static final int MAX_CHAIN = 2000;

    private final String file;
    private final List<Token> tokens;
    private int pos;
    /** How deep the expression being parsed nests (parentheses, brackets, unary operators, operands). */
    private int nesting;
    /** The operators, calls, subscripts and attribute reads of the statement being parsed. */
    private int chain;

    private Parser(String file, List<Token> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    /**
     * Parses one code file.
     *
     * @param path the file's path in the archive ({@code code/__torch__/...py}), used for the module name and in
     *        messages
     * @throws ScriptSyntaxException with the file and line of the first problem
     */
    public static SourceFile parse(String path, String source) {
        Parser p = new Parser(path, Lexer.tokenize(path, source));
        String module = SourceFile.moduleOf(path);
        List<ClassDef> classes = new ArrayList<>();
        List<FunctionDef> functions = new ArrayList<>();
        while (!p.at(Kind.EOF)) {
            if (p.accept(Kind.NEWLINE)) {
                continue;
            }
            if (p.peek().isName("class")) {
                classes.add(p.classDef(module));
            } else if (p.peek().isName("def")) {
                functions.add(p.functionDef());
            } else if (p.peek().isName("import") || p.peek().isName("from")) {
                p.skipLine();
            } else {
                throw p.error("expected a class, a def or an import, found " + p.peek());
            }
        }
        return new SourceFile(path, module, classes, functions);
    }

    private ClassDef classDef(String module) {
        int line = expectName("class").line();
        String name = expect(Kind.NAME).text();
        List<String> bases = new ArrayList<>();
        if (acceptOp("(")) {
            while (!acceptOp(")")) {
                bases.add(Expr.dottedName(expr()).orElseThrow(() -> error("a base class must be a dotted name")));
                acceptOp(",");
            }
        }
        expectOp(":");
        expect(Kind.NEWLINE);
        expect(Kind.INDENT);
        Map<String, Expr> attributes = new LinkedHashMap<>();
        Map<String, Expr> constants = new LinkedHashMap<>();
        Map<String, FunctionDef> methods = new LinkedHashMap<>();
        List<String> parameters = List.of();
        List<String> buffers = List.of();
        List<String> constantNames = List.of();
        while (!accept(Kind.DEDENT)) {
            if (accept(Kind.NEWLINE)) {
                continue;
            }
            if (peek().isName("def")) {
                FunctionDef f = functionDef();
                methods.put(f.name(), f);
                continue;
            }
            if (peek().isName("pass")) {
                skipLine();
                continue;
            }
            Stmt s = simpleStatement();
            expect(Kind.NEWLINE);
            if (s instanceof Stmt.AnnAssign a) {
                attributes.put(a.name(), a.type());
                a.value().ifPresent(v -> constants.put(a.name(), v));
            } else if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Name n) {
                switch (n.id()) {
                    case "__parameters__" -> parameters = stringList(a.value());
                    case "__buffers__" -> buffers = stringList(a.value());
                    case "__constants__" -> constantNames = stringList(a.value());
                    default -> constants.put(n.id(), a.value());
                }
            } else if (s instanceof Stmt.Assign a && a.target() instanceof Expr.Subscript sub
                    && sub.value() instanceof Expr.Name n && n.id().equals("__annotations__")
                    && sub.index() instanceof Expr.Constant c && c.value() instanceof String key) {
                attributes.put(key, a.value()); // __annotations__["0"] = T: an attribute named "0"
            } else {
                throw new ScriptSyntaxException(file, s.line(), "a class body holds annotations (`name : T` or "
                        + "`__annotations__[\"name\"] = T`), assignments and defs only");
            }
        }
        return new ClassDef(module + "." + name, bases, attributes, parameters, buffers, constantNames, constants,
                methods, file, line);
    }

    private List<String> stringList(Expr e) {
        List<Expr> items = e instanceof Expr.ListExpr l ? l.items()
                : e instanceof Expr.TupleExpr t ? t.items() : null;
        if (items == null) {
            throw new ScriptSyntaxException(file, e.line(), "expected a list of names");
        }
        List<String> out = new ArrayList<>();
        for (Expr item : items) {
            if (!(item instanceof Expr.Constant c) || !(c.value() instanceof String s)) {
                throw new ScriptSyntaxException(file, e.line(), "expected a list of names");
            }
            out.add(s);
        }
        return out;
    }

    private FunctionDef functionDef() {
        chain = 0;
        int line = expectName("def").line();
        String name = expect(Kind.NAME).text();
        expectOp("(");
        List<FunctionDef.Param> params = new ArrayList<>();
        while (!acceptOp(")")) {
            String p = expect(Kind.NAME).text();
            Optional<Expr> type = acceptOp(":") ? Optional.of(expr()) : Optional.empty();
            Optional<Expr> def = acceptOp("=") ? Optional.of(expr()) : Optional.empty();
            params.add(new FunctionDef.Param(p, type, def));
            if (!peek().isOp(")")) {
                expectOp(",");
            }
        }
        Optional<Expr> returns = acceptOp("->") ? Optional.of(expr()) : Optional.empty();
        return new FunctionDef(name, params, returns, suite(), file, line);
    }

    private List<Stmt> suite() {
        expectOp(":");
        List<Stmt> body = new ArrayList<>();
        if (!accept(Kind.NEWLINE)) {
            body.add(simpleStatement());
            expect(Kind.NEWLINE);
            return body;
        }
        expect(Kind.INDENT);
        while (!accept(Kind.DEDENT)) {
            if (!accept(Kind.NEWLINE)) {
                body.add(statement());
            }
        }
        return body;
    }

    private Stmt statement() {
        chain = 0;
        Token t = peek();
        if (t.kind() == Kind.NAME) {
            switch (t.text()) {
                case "if" -> {
                    pos++;
                    return ifRest(t.line());
                }
                case "for" -> {
                    pos++;
                    Expr target = targetList();
                    expectName("in");
                    Expr iter = exprList();
                    return new Stmt.For(target, iter, suite(), t.line());
                }
                case "while" -> {
                    pos++;
                    Expr cond = expr();
                    return new Stmt.While(cond, suite(), t.line());
                }
                case "def", "class" -> throw error("nested " + t.text() + " is not supported");
                default -> { }
            }
        }
        Stmt s = simpleStatement();
        expect(Kind.NEWLINE);
        return s;
    }

    private Stmt ifRest(int line) {
        Expr cond = expr();
        List<Stmt> body = suite();
        List<Stmt> orElse = List.of();
        if (peek().isName("elif")) {
            int l = next().line();
            orElse = List.of(ifRest(l));
        } else if (peek().isName("else")) {
            pos++;
            orElse = suite();
        }
        return new Stmt.If(cond, body, orElse, line);
    }

    private Stmt simpleStatement() {
        chain = 0;
        Token t = peek();
        if (t.kind() == Kind.NAME) {
            switch (t.text()) {
                case "return" -> {
                    pos++;
                    boolean bare = at(Kind.NEWLINE);
                    return new Stmt.Return(bare ? Optional.empty() : Optional.of(exprList()), t.line());
                }
                case "pass" -> {
                    pos++;
                    return new Stmt.Pass(t.line());
                }
                case "break" -> {
                    pos++;
                    return new Stmt.Break(t.line());
                }
                case "continue" -> {
                    pos++;
                    return new Stmt.Continue(t.line());
                }
                case "raise" -> {
                    pos++;
                    Optional<Expr> exception = at(Kind.NEWLINE) ? Optional.empty() : Optional.of(expr());
                    if (acceptName("from")) {
                        expr();
                    }
                    return new Stmt.Raise(exception, t.line());
                }
                case "assert" -> {
                    pos++;
                    Expr cond = expr();
                    Optional<Expr> message = acceptOp(",") ? Optional.of(expr()) : Optional.empty();
                    return new Stmt.Assert(cond, message, t.line());
                }
                default -> { }
            }
        }
        Expr first = exprList();
        if (acceptOp("=")) {
            Expr value = exprList();
            if (peek().isOp("=")) {
                throw error("chained assignment is not supported");
            }
            return new Stmt.Assign(first, value, t.line());
        }
        if (peek().isOp(":") && first instanceof Expr.Name n) {
            pos++;
            Expr type = expr();
            Optional<Expr> value = acceptOp("=") ? Optional.of(expr()) : Optional.empty();
            return new Stmt.AnnAssign(n.id(), type, value, t.line());
        }
        if (peek().kind() == Kind.OP && AUGMENTED.contains(peek().text())) {
            String op = next().text();
            Expr value = expr();
            return new Stmt.Assign(first, new Expr.BinOp(op.substring(0, op.length() - 1), first, value, t.line()),
                    t.line());
        }
        return new Stmt.ExprStmt(first, t.line());
    }

    /** Targets of a {@code for}: names and tuples, without consuming {@code in}. */
    private Expr targetList() {
        int line = peek().line();
        List<Expr> items = new ArrayList<>();
        items.add(postfix());
        boolean tuple = false;
        while (acceptOp(",")) {
            tuple = true;
            if (peek().isName("in")) {
                break;
            }
            items.add(postfix());
        }
        return tuple ? new Expr.TupleExpr(items, line) : items.get(0);
    }

    /** {@code a}, or {@code a, b} / {@code a, b,} as a tuple. */
    private Expr exprList() {
        int line = peek().line();
        Expr first = expr();
        if (!peek().isOp(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (acceptOp(",")) {
            if (endsList()) {
                break;
            }
            items.add(expr());
        }
        return new Expr.TupleExpr(items, line);
    }

    private boolean endsList() {
        Token t = peek();
        return t.kind() == Kind.NEWLINE || t.isOp("=") || t.isOp(")") || t.isOp("]") || t.isOp(":")
                || t.kind() == Kind.EOF;
    }

    Expr expr() {
        enter();
        Expr e = orExpr();
        if (peek().isName("if")) {
            int line = next().line();
            Expr cond = orExpr();
            expectName("else");
            e = new Expr.IfExpr(cond, e, expr(), line);
        }
        nesting--;
        return e;
    }

    private void enter() {
        if (++nesting > MAX_NESTING) {
            throw error("an expression nests more than " + MAX_NESTING + " levels deep; the converter reads "
                    + "TorchScript as PyTorch prints it, which never nests that deep");
        }
    }

    /** Counts one more operator, call, subscript or attribute read in the statement. */
    private void link() {
        if (++chain > MAX_CHAIN) {
            throw error("a statement applies more than " + MAX_CHAIN + " operators, calls, subscripts and "
                    + "attribute reads; the converter reads TorchScript as PyTorch prints it, which splits such "
                    + "expressions over several statements");
        }
    }

    private Expr orExpr() {
        Expr e = andExpr();
        while (peek().isName("or")) {
            int line = next().line();
            link();
            e = new Expr.BoolOp("or", e, andExpr(), line);
        }
        return e;
    }

    private Expr andExpr() {
        Expr e = notExpr();
        while (peek().isName("and")) {
            int line = next().line();
            link();
            e = new Expr.BoolOp("and", e, notExpr(), line);
        }
        return e;
    }

    private Expr notExpr() {
        if (peek().isName("not")) {
            int line = next().line();
            enter();
            Expr operand = notExpr();
            nesting--;
            return new Expr.UnaryOp("not", operand, line);
        }
        return comparison();
    }

    private Expr comparison() {
        Expr e = binary(0);
        while (true) {
            Token t = peek();
            String op;
            if (t.kind() == Kind.OP && COMPARISONS.contains(t.text())) {
                op = next().text();
            } else if (t.isName("is")) {
                pos++;
                op = acceptName("not") ? "is not" : "is";
            } else if (t.isName("in")) {
                pos++;
                op = "in";
            } else if (t.isName("not") && peekAt(1).isName("in")) {
                pos += 2;
                op = "not in";
            } else {
                return e;
            }
            link();
            e = new Expr.Compare(op, e, binary(0), t.line());
        }
    }

    private static final List<Set<String>> LEVELS = List.of(Set.of("|"), Set.of("^"), Set.of("&"),
            Set.of("<<", ">>"), Set.of("+", "-"), Set.of("*", "/", "//", "%", "@"));

    private Expr binary(int level) {
        if (level == LEVELS.size()) {
            return unary();
        }
        Expr e = binary(level + 1);
        while (peek().kind() == Kind.OP && LEVELS.get(level).contains(peek().text())) {
            Token op = next();
            link();
            e = new Expr.BinOp(op.text(), e, binary(level + 1), op.line());
        }
        return e;
    }

    private Expr unary() {
        Token t = peek();
        if (t.isOp("-") || t.isOp("+") || t.isOp("~")) {
            pos++;
            enter();
            Expr operand = unary();
            nesting--;
            if (t.isOp("-") && operand instanceof Expr.Constant c && c.value() instanceof Long l) {
                return new Expr.Constant(-l, t.line());
            }
            if (t.isOp("-") && operand instanceof Expr.Constant c && c.value() instanceof Double d) {
                return new Expr.Constant(-d, t.line());
            }
            return new Expr.UnaryOp(t.text(), operand, t.line());
        }
        Expr base = postfix();
        if (peek().isOp("**")) {
            int line = next().line();
            link();
            enter();
            Expr exponent = unary();
            nesting--;
            return new Expr.BinOp("**", base, exponent, line);
        }
        return base;
    }

    private Expr postfix() {
        Expr e = atom();
        while (true) {
            Token t = peek();
            if (t.isOp(".") || t.isOp("(") || t.isOp("[")) {
                link();
            }
            if (t.isOp(".")) {
                pos++;
                e = new Expr.Attribute(e, expect(Kind.NAME).text(), t.line());
            } else if (t.isOp("(")) {
                pos++;
                e = callRest(e, t.line());
            } else if (t.isOp("[")) {
                pos++;
                e = new Expr.Subscript(e, subscript(), t.line());
            } else {
                return e;
            }
        }
    }

    private Expr callRest(Expr func, int line) {
        List<Expr> args = new ArrayList<>();
        List<Expr.Keyword> keywords = new ArrayList<>();
        while (!acceptOp(")")) {
            if (peek().kind() == Kind.NAME && peekAt(1).isOp("=")) {
                String name = next().text();
                pos++;
                keywords.add(new Expr.Keyword(name, expr()));
            } else {
                if (!keywords.isEmpty()) {
                    throw error("a positional argument follows a keyword argument");
                }
                args.add(expr());
            }
            if (!peek().isOp(")")) {
                expectOp(",");
            }
        }
        return new Expr.Call(func, args, keywords, line);
    }

    private Expr subscript() {
        int line = peek().line();
        List<Expr> items = new ArrayList<>();
        boolean tuple = false;
        while (true) {
            items.add(sliceItem());
            if (acceptOp(",")) {
                tuple = true;
                if (peek().isOp("]")) {
                    break;
                }
            } else {
                break;
            }
        }
        expectOp("]");
        return tuple || items.size() > 1 ? new Expr.TupleExpr(items, line) : items.get(0);
    }

    private Expr sliceItem() {
        int line = peek().line();
        Optional<Expr> lower = peek().isOp(":") ? Optional.empty() : Optional.of(expr());
        if (!acceptOp(":")) {
            return lower.orElseThrow();
        }
        Optional<Expr> upper = peek().isOp(":") || peek().isOp("]") || peek().isOp(",") ? Optional.empty()
                : Optional.of(expr());
        Optional<Expr> step = Optional.empty();
        if (acceptOp(":") && !peek().isOp("]") && !peek().isOp(",")) {
            step = Optional.of(expr());
        }
        return new Expr.Slice(lower, upper, step, line);
    }

    private Expr atom() {
        Token t = next();
        switch (t.kind()) {
            case NAME -> {
                return switch (t.text()) {
                    case "True" -> new Expr.Constant(Boolean.TRUE, t.line());
                    case "False" -> new Expr.Constant(Boolean.FALSE, t.line());
                    case "None" -> new Expr.Constant(PyNone.NONE, t.line());
                    case "inf" -> new Expr.Constant(Double.POSITIVE_INFINITY, t.line()); // as TorchScript prints it
                    case "nan" -> new Expr.Constant(Double.NaN, t.line());
                    default -> new Expr.Name(t.text(), t.line());
                };
            }
            case INT -> {
                try {
                    return new Expr.Constant(Long.parseLong(t.text()), t.line());
                } catch (NumberFormatException e) {
                    throw new ScriptSyntaxException(file, t.line(), "integer " + t.text() + " does not fit 64 bits");
                }
            }
            case FLOAT -> {
                return new Expr.Constant(Double.parseDouble(t.text()), t.line());
            }
            case STRING -> {
                StringBuilder sb = new StringBuilder(t.text());
                while (at(Kind.STRING)) {
                    sb.append(next().text());
                }
                return new Expr.Constant(sb.toString(), t.line());
            }
            case OP -> {
                if (t.isOp("(")) {
                    if (acceptOp(")")) {
                        return new Expr.TupleExpr(List.of(), t.line());
                    }
                    Expr inner = exprList();
                    expectOp(")");
                    return inner;
                }
                if (t.isOp("[")) {
                    List<Expr> items = new ArrayList<>();
                    while (!acceptOp("]")) {
                        items.add(expr());
                        if (!peek().isOp("]")) {
                            expectOp(",");
                        }
                    }
                    return new Expr.ListExpr(items, t.line());
                }
                if (t.isOp("{")) {
                    List<Expr> keys = new ArrayList<>();
                    List<Expr> values = new ArrayList<>();
                    while (!acceptOp("}")) {
                        keys.add(expr());
                        expectOp(":");
                        values.add(expr());
                        if (!peek().isOp("}")) {
                            expectOp(",");
                        }
                    }
                    return new Expr.DictExpr(keys, values, t.line());
                }
                throw new ScriptSyntaxException(file, t.line(), "unexpected " + t);
            }
            default -> throw new ScriptSyntaxException(file, t.line(), "unexpected " + t);
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private boolean at(Kind k) {
        return peek().kind() == k;
    }

    private boolean accept(Kind k) {
        if (at(k)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptOp(String op) {
        if (peek().isOp(op)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptName(String name) {
        if (peek().isName(name)) {
            pos++;
            return true;
        }
        return false;
    }

    private Token expect(Kind k) {
        if (!at(k)) {
            throw error("expected " + k.name().toLowerCase(java.util.Locale.ROOT) + ", found " + peek());
        }
        return next();
    }

    private void expectOp(String op) {
        if (!acceptOp(op)) {
            throw error("expected '" + op + "', found " + peek());
        }
    }

    private Token expectName(String name) {
        if (!peek().isName(name)) {
            throw error("expected '" + name + "', found " + peek());
        }
        return next();
    }

    private void skipLine() {
        while (!at(Kind.NEWLINE) && !at(Kind.EOF)) {
            pos++;
        }
        accept(Kind.NEWLINE);
    }

    private ScriptSyntaxException error(String message) {
        return new ScriptSyntaxException(file, peek().line(), message);
    }
}
