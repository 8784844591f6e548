package dev.mil4j.ops.passes;

import dev.mil4j.core.diag.ConversionException;
import dev.mil4j.core.ir.Block;
import dev.mil4j.core.ir.Builder;
import dev.mil4j.core.ir.Function;
import dev.mil4j.core.ir.Operation;
import dev.mil4j.core.ir.Program;
import dev.mil4j.core.ir.Var;
import dev.mil4j.core.op.ConstOp;
import dev.mil4j.core.pass.Pass;
import dev.mil4j.core.pass.PassContext;
import dev.mil4j.core.pass.PassOption;
import dev.mil4j.core.pass.Rewriter;
import dev.mil4j.core.types.DType;
import dev.mil4j.core.types.TensorType;
import dev.mil4j.core.value.Fp16Arrays;
import dev.mil4j.core.value.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code common::add_fp16_cast}: fp16 compute precision. Each function's fp32 inputs are cast to fp16 once at its
 * entry; every op that takes and produces fp32 tensors is rebuilt to run in fp16 (its fp32 constants folded into
 * fp16 constants, never cast at run time); an fp32 value is cast back only where an op kept in fp32, a block or the
 * function needs it, so function inputs and outputs keep their names and fp32 types. Kept in fp32: the ops the
 * {@code fp32_ops} option names (by op type or op name), {@code cast} and {@code const}, ops with nested blocks
 * (their inner ops are converted) or side effects, ops with an fp32 constant outside fp16's range, and ops whose
 * definition rejects fp16 inputs. A non-zero scalar constant too small for fp16 becomes its smallest subnormal, not
 * zero (an epsilon stays an epsilon). Positions stay in fp32: a {@code resample}'s {@code coordinates} and an iOS17
 * {@code crop_resize}'s {@code boxes} are pixel positions, which fp16 holds only to 1/16 of a pixel beyond 128 and
 * 1/2 beyond 1024, so they are taken in fp32, and so is the arithmetic that makes them ({@link #POSITION_OPS}
 * reached backwards from that input through fp32 values: a grid plus a predicted flow, normalized), and so are the
 * sums, differences and moves of such positions downstream ({@link #POSITION_FOLLOWERS}: RAFT's last
 * {@code coords1 = coords1 + delta} and its output {@code coords1 - coords0}); the op that predicts the offsets (a
 * conv) still runs in fp16 and is cast up. One forward sweep per block; casts nothing needs are removed at the end.
 *
 * <pre>
 * Given:
 *   func main(%x: fp32[2]) {
 *     %a: fp32[2] = mul(x = %x, y = %c)           # %c: fp32[2] const
 *     %y: fp32[2] = softmax(x = %a, axis = 0)     # named in fp32_ops
 *   } -&gt; (%y)
 * Result:
 *   func main(%x: fp32[2]) {
 *     %x_fp16: fp16[2] = cast(x = %x, dtype = "fp16")
 *     %c_fp16: fp16[2] = const() {...}
 *     %a_fp16: fp16[2] = mul(x = %x_fp16, y = %c_fp16)
 *     %a: fp32[2] = cast(x = %a_fp16, dtype = "fp32")
 *     %y: fp32[2] = softmax(x = %a, axis = 0)
 *   } -&gt; (%y)
 * </pre>
 */
public final class AddFp16CastPass implements Pass {
    public static final String ID = "common::add_fp16_cast";

    /** The inputs that are positions, by op type: taken in fp32 (see the class comment). */
    static final Map<String, Set<String>> POSITION_INPUTS = Map.of("resample", Set.of("coordinates"),
            "crop_resize", Set.of("boxes"));

    /** The ops through which the arithmetic making a position is followed backwards and kept in fp32. */
    static final Set<String> POSITION_OPS = Set.of("add", "sub", "mul", "real_div", "maximum", "minimum", "clip",
            "floor", "ceil", "round", "neg", "concat", "stack", "reshape", "transpose", "expand_dims", "squeeze",
            "slice_by_index", "slice_by_size", "split", "tile", "gather", "gather_along_axis", "identity");

    /** The ops that keep a position a position (or make a displacement of two): followed downstream. */
    static final Set<String> POSITION_FOLLOWERS = Set.of("add", "sub", "concat", "stack", "reshape", "transpose",
            "expand_dims", "squeeze", "slice_by_index", "slice_by_size", "split", "identity");

    /** Op types or op names to keep in fp32, comma-separated. */
    public static final PassOption<String> FP32_OPS = PassOption.text("fp32_ops", "",
            "comma-separated op types or op names to keep in fp32 (e.g. softmax,layer_norm)");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String summary() {
        return "run fp32 ops in fp16: cast inputs at the entry, fold constants to fp16, cast back where fp32 is needed";
    }

    @Override
    public List<PassOption<?>> options() {
        return List.of(FP32_OPS);
    }

    @Override
    public void run(Program program, PassContext context) {
        Set<String> keep = Arrays.stream(context.option(FP32_OPS).split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        long[] stats = new long[2];
        Rewriter rw = Rewriter.of(context);
        for (Function f : program.functions()) {
            new Conversion(f, rw, keep).run(stats);
        }
        rw.finish();
        context.count("ops_converted", stats[0]);
        context.count("casts_added", stats[1]);
    }

    /** The state of converting one function. */
    private static final class Conversion {
        private final Function function;
        private final Rewriter rw;
        private final Set<String> keep;
        /** fp16 twins visible wherever the fp32 var is: entry casts of inputs, converted ops' outputs. */
        private final Map<Var, Var> twins = new IdentityHashMap<>();
        /** fp16 casts and constants made for one block, visible in that block only. */
        private final Map<Block, Map<Var, Var>> local = new IdentityHashMap<>();
        private final List<Operation> created = new ArrayList<>();
        /** The fp16 values of fp32 constants, made while checking their range, until a use takes them. */
        private final Map<Var, TensorValue> halves = new IdentityHashMap<>();
        /** The ops that make positions (see the class comment): kept in fp32. */
        private final Set<Operation> positional = Collections.newSetFromMap(new IdentityHashMap<>());
        private long converted;

        Conversion(Function function, Rewriter rw, Set<String> keep) {
            this.function = function;
            this.rw = rw;
            this.keep = keep;
        }

        /**
         * Marks the position arithmetic of every block: backwards from each position input through fp32 values, then
         * forwards, in program order, through the followers of a marked op.
         */
        private void markPositions(Block b) {
            markSources(b);
            markFollowers(b);
        }

        private void markFollowers(Block b) {
            for (Operation op : b.operations()) {
                for (Block nested : op.blocks()) {
                    markFollowers(nested);
                }
                if (POSITION_FOLLOWERS.contains(op.type()) && op.outputs().stream().allMatch(Conversion::isFp32)
                        && op.inputVars().stream().anyMatch(v -> v.producer().filter(positional::contains)
                                .isPresent())) {
                    positional.add(op);
                }
            }
        }

        private void markSources(Block b) {
            for (Operation op : b.operations()) {
                for (Block nested : op.blocks()) {
                    markSources(nested);
                }
                for (String input : POSITION_INPUTS.getOrDefault(op.type(), Set.of())) {
                    List<Var> work = new ArrayList<>(op.inputs().getOrDefault(input, List.of()));
                    while (!work.isEmpty()) {
                        Var v = work.remove(work.size() - 1);
                        Operation p = v.producer().orElse(null);
                        if (p != null && isFp32(v) && !v.isConst() && POSITION_OPS.contains(p.type())
                                && positional.add(p)) {
                            work.addAll(p.inputVars());
                        }
                    }
                }
            }
        }

        void run(long[] stats) {
            Block body = function.body();
            for (Var in : function.inputs()) {
                if (isFp32(in) && in.hasUses() && !body.isEmpty()) {
                    // x: fp32  ->  cast(x, fp16) once at the function entry
                    Var c = castTo(rw.atStart(body), in, "fp16", in.name() + "_fp16");
                    twins.put(in, c);
                }
            }
            markPositions(body);
            block(body);
            long casts = 0;
            for (int i = created.size() - 1; i >= 0; i--) {
                Operation op = created.get(i);
                if (!op.isInBlock()) {
                    continue;
                }
                if (op.isUnused()) {
                    rw.erase(op); // the cast's dtype constant goes with it
                } else if (op.def() != ConstOp.INSTANCE) {
                    casts++;
                }
            }
            stats[0] += converted;
            stats[1] += casts;
        }

        private void block(Block b) {
            // walks the links, not a snapshot: a snapshot would keep every erased fp32 weight alive to the end
            for (Operation op : b.operations()) {
                for (Block nested : op.blocks()) {
                    block(nested);
                }
                if (eligible(op)) {
                    convert(op, b);
                }
            }
        }

        private boolean eligible(Operation op) {
            if (op.def() == ConstOp.INSTANCE || op.type().equals("cast") || !op.blocks().isEmpty()
                    || op.def().hasSideEffects() || keep.contains(op.type()) || keep.contains(op.name())
                    || positional.contains(op)) {
                return false;
            }
            boolean fp32Out = op.outputs().stream().anyMatch(Conversion::isFp32);
            boolean fp32In = op.inputVars().stream().anyMatch(Conversion::isFp32);
            if (!fp32Out || !fp32In) {
                return false;
            }
            for (Var in : op.inputVars()) {
                if (isFp32(in) && in.isConst() && half(in) == null) {
                    return false;
                }
            }
            return true;
        }

        /**
         * A non-zero scalar below fp16's smallest subnormal becomes that subnormal, with its sign, rather than zero: a
         * scalar constant is an epsilon or a bound more often than a weight ({@code F.normalize}'s
         * {@code clamp_min(norm, 1e-12)} then divides by the norm of a zero vector), and must stay non-zero.
         */
        private static void keepTiny(float value, ByteBuffer half) {
            if (value != 0 && Float.isFinite(value) && (half.getShort(0) & 0x7fff) == 0) {
                half.putShort(0, (short) (value < 0 ? 0x8001 : 0x0001));
            }
        }

        /**
         * The fp16 value of an fp32 constant, or null when it holds a finite value beyond fp16's range: converted
         * and checked in one sweep, and kept for the use that follows.
         */
        private TensorValue half(Var in) {
            TensorValue done = halves.get(in);
            if (done != null) {
                return done;
            }
            TensorValue v = in.value().get();
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(v.elementCount() * 2)).order(ByteOrder.LITTLE_ENDIAN);
            if (!Fp16Arrays.fromFloats(v.buffer().asFloatBuffer(), bytes.asShortBuffer())) {
                return null;
            }
            if (v.elementCount() == 1) {
                keepTiny(v.buffer().getFloat(0), bytes);
            }
            TensorValue h = TensorValue.wrap(DType.FP16, v.shape(), bytes);
            halves.put(in, h);
            return h;
        }

        // op(x: fp32, c: fp32 const) -> fp32   ->   cast(op(twin(x), fp16(c)) -> fp16, fp32)
        private void convert(Operation op, Block b) {
            Builder before = rw.before(op);
            Builder.OpBuilder ob = before.op(op.def()).location(op.location());
            Set<String> positions = POSITION_INPUTS.getOrDefault(op.type(), Set.of());
            for (Map.Entry<String, List<Var>> in : op.inputs().entrySet()) {
                List<Var> mapped = new ArrayList<>(in.getValue().size());
                boolean position = positions.contains(in.getKey());
                for (Var v : in.getValue()) {
                    mapped.add(isFp32(v) && !position ? fp16(v, b, before) : v);
                }
                ob.inputs(in.getKey(), mapped);
            }
            op.attributes().forEach(ob::attribute);
            op.inputVars().forEach(halves::remove); // taken by fp16(), or not needed: the op stays fp32
            Operation fresh;
            try {
                fresh = ob.build();
            } catch (ConversionException e) {
                return; // the op does not take fp16 here: it stays in fp32
            }
            for (int i = 0; i < op.outputs().size(); i++) {
                Var o = op.output(i);
                Var n = fresh.output(i);
                boolean same = o.type().equals(n.type());
                boolean halved = isFp32(o) && n.type().equals(o.tensorType().withDtype(DType.FP16));
                if (!same && !halved) {
                    // the block's own erase, not the rewriter's: the fp16 constants and casts the copy used stay
                    // cached for the next ops (the unused ones go at the end)
                    fresh.parent().orElseThrow().erase(fresh);
                    return;
                }
            }
            String opName = op.name();
            for (int i = 0; i < op.outputs().size(); i++) {
                Var o = op.output(i);
                Var n = fresh.output(i);
                String name = o.name();
                if (o.type().equals(n.type())) {
                    rw.replace(o, n);
                    n.rename(name);
                } else {
                    n.rename(function.claimName(name + "_fp16"));
                    Var back = castTo(before, n, "fp32", name);
                    rw.replace(o, back);
                    back.rename(name);
                    back.producer().orElseThrow().rename(name);
                    twins.put(back, n);
                }
            }
            fresh.rename(opName.equals(op.outputs().get(0).name()) ? fresh.output(0).name() : opName);
            List<Var> inputs = op.inputVars();
            rw.erase(op); // and the fp32 weights now replaced by fp16 ones
            Map<Var, Var> here = local.get(b);
            if (here != null) {
                // a value without uses is never asked for again: forgetting it lets an erased fp32 weight go now,
                // not at the end of the pass (holding them all would keep the fp32 and fp16 weights alive at once)
                for (Var in : inputs) {
                    if (!in.hasUses()) {
                        here.remove(in);
                    }
                }
            }
            converted++;
        }

        /** The fp16 form of {@code v} for a use in {@code b}: its twin, or a new cast or constant before the use. */
        private Var fp16(Var v, Block b, Builder before) {
            Var twin = twins.get(v);
            if (twin != null) {
                return twin;
            }
            Map<Var, Var> here = local.computeIfAbsent(b, k -> new HashMap<>());
            Var made = here.get(v);
            if (made == null) {
                if (v.isConst()) {
                    // c: fp32 const  ->  c: fp16 const (folded, no run-time cast)
                    TensorValue h = halves.get(v);
                    made = before.constant(h != null ? h : v.value().get().cast(DType.FP16), v.name() + "_fp16");
                    created.add(made.producer().orElseThrow());
                } else {
                    made = castTo(before, v, "fp16", v.name() + "_fp16");
                }
                here.put(v, made);
            }
            return made;
        }

        private Var castTo(Builder b, Var v, String dtype, String name) {
            Operation cast = b.op("cast").input("x", v).input("dtype", dtype.equals("fp16") ? FP16 : FP32)
                    .name(name).build();
            created.add(cast);
            return cast.output();
        }

        private static final TensorValue FP16 = TensorValue.scalar("fp16");
        private static final TensorValue FP32 = TensorValue.scalar("fp32");

        private static boolean isFp32(Var v) {
            return v.type() instanceof TensorType t && t.dtype() == DType.FP32;
        }
    }
}
