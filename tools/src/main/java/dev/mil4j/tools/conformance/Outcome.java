package dev.mil4j.tools.conformance;

/**
 * The result of one node test: passed (values right, interface dtypes as {@link CoreMlTypes} says), values right
 * with another dtype, random draws of the right shapes and dtypes (not counted as passing), or failed for a
 * {@link Cause} with the message that shows it. {@code neuralNetwork} tells
 * whether the model also converts to the NeuralNetwork target.
 */
record Outcome(NodeTest test, Status status, Cause cause, String detail, boolean neuralNetwork) {
    enum Status {
        PASS, DTYPE, RANDOM, FAIL
    }

    /** Why a test failed, from the first stage that failed. */
    enum Cause {
        NON_TENSOR("sequence, map or optional values (no Core ML interface type)"),
        NO_TRANSLATION("no translation of the op"),
        RUNTIME_PARAMETER("a parameter MIL needs constant arrives as a graph input"),
        TRANSLATION_REFUSED("the translation refuses the attributes or inputs"),
        BACKEND_REFUSED("the ML Program backend refuses the program"),
        INPUT_REFUSED("an input cannot be fed as the interface says"),
        RUN_ERROR("the interpreter fails"),
        WRONG_SHAPE("an output has another shape"),
        WRONG_VALUES("an output has wrong values"),
        OUTPUT_COUNT("outputs missing"),
        DTYPE("values right, dtype not the Core ML interface type"),
        RANDOM_VALUES("random draws: shapes and dtypes right, values not comparable"),
        CRASH("a crash (an exception that is not a diagnostic)"),
        TIMEOUT("took longer than the time limit"),
        NONE("passed");

        final String description;

        Cause(String description) {
            this.description = description;
        }
    }

    static Outcome pass(NodeTest t, boolean nn) {
        return new Outcome(t, Status.PASS, Cause.NONE, "", nn);
    }

    static Outcome fail(NodeTest t, Cause cause, String detail, boolean nn) {
        return new Outcome(t, cause == Cause.DTYPE ? Status.DTYPE : Status.FAIL, cause, detail, nn);
    }

    /** A test of a random op whose outputs have the expected shapes and interface dtypes (values not compared). */
    static Outcome random(NodeTest t, boolean nn) {
        return new Outcome(t, Status.RANDOM, Cause.RANDOM_VALUES, "values drawn at random are not compared", nn);
    }
}
