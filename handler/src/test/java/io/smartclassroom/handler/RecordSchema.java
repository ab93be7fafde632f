package io.smartclassroom.handler;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.smartclassroom.common.ResultKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The attendance record's JSON Schema as {@code common} ships it ({@link ResultKeys#RECORD_SCHEMA_RESOURCE}),
 * loaded with networknt's validator (draft 2020-12), to check the records the handler really writes.
 */
public final class RecordSchema {
    private static final Schema SCHEMA = load();

    private RecordSchema() {}

    private static Schema load() {
        try (InputStream in = ResultKeys.class.getResourceAsStream(ResultKeys.RECORD_SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ResultKeys.RECORD_SCHEMA_RESOURCE + " is not on the class path");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ResultKeys.RECORD_SCHEMA_RESOURCE, e);
        }
    }

    /** Every way {@code json} breaks the schema, as sentences; empty when it is a valid record. */
    public static List<String> violations(String json) {
        return SCHEMA.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    public static List<String> violations(byte[] json) {
        return violations(new String(json, StandardCharsets.UTF_8));
    }
}
