package io.smartclassroom.common;

/**
 * The names of the function's environment settings that provisioning writes and the handler reads: one place for
 * both sides. The handler documents every setting it reads in its {@code HandlerConfig}.
 */
public final class FunctionEnvironment {
    /** The bucket the videos are uploaded to: the function rejects event records that name any other. */
    public static final String INPUT_BUCKET = "INPUT_BUCKET";
    /** The bucket the attendance CSVs are written to. */
    public static final String OUTPUT_BUCKET = "OUTPUT_BUCKET";

    private FunctionEnvironment() {}
}
