package io.smartclassroom.handler.pipeline;

import static java.util.Objects.requireNonNull;

import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import io.smartclassroom.common.CsvCells;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The output CSV: header {@code name,major,year}, then one row per recognised student. */
public final class AttendanceCsv {
    public static final String[] HEADER = {"name", "major", "year"};
    public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

    private AttendanceCsv() {}

    /**
     * The CSV text, UTF-8: fields are quoted only when they hold a comma, quote or line break, and a field a
     * spreadsheet would run as a formula ({@code =}, {@code +}, {@code -}, {@code @}, tab, CR first) is written with
     * a single quote before it ({@link CsvCells#neutralise}; readers undo it with {@link CsvCells#restore}).
     */
    public static byte[] render(List<StudentRecord> rows) {
        requireNonNull(rows, "rows");
        StringWriter text = new StringWriter();
        try (ICSVWriter csv = new CSVWriterBuilder(text).withLineEnd("\n").build()) {
            csv.writeNext(HEADER, false);
            for (StudentRecord row : rows) {
                csv.writeNext(new String[] {
                    CsvCells.neutralise(row.name()), CsvCells.neutralise(row.major()), CsvCells.neutralise(row.year())}, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write CSV text", e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
