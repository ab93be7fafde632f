package io.smartclassroom.verifier;

import static java.util.Objects.requireNonNull;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import io.smartclassroom.common.CsvCells;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A result CSV as the handler writes it: an optional header {@code name,major,year}, then one row per
 * recognised student. Compared as a set: order and duplicates do not matter. Cells are read back to the values the
 * handler wrote ({@link CsvCells#restore}: {@code '=x} is {@code =x}), so names compare as they are.
 */
public record ResultCsv(Set<StudentRow> rows, Optional<String> problem) {
    public ResultCsv {
        rows = Set.copyOf(requireNonNull(rows, "rows"));
        requireNonNull(problem, "problem");
    }

    public static ResultCsv parse(String content) {
        requireNonNull(content, "content");
        List<String[]> lines;
        try (CSVReader csv = new CSVReader(new StringReader(content.replace("\uFEFF", "")))) {
            lines = csv.readAll();
        } catch (IOException | CsvException e) {
            return new ResultCsv(Set.of(), Optional.of("not valid CSV: " + e.getMessage()));
        }
        Set<StudentRow> rows = new TreeSet<>();
        boolean first = true;
        for (String[] line : lines) {
            if (ExpectedCsv.isBlank(line)) {
                continue;
            }
            if (first && isHeader(line)) {
                first = false;
                continue;
            }
            first = false;
            if (line.length != 3) {
                return new ResultCsv(rows, Optional.of("a row has " + line.length + " columns, not 3 (name,major,year): "
                        + String.join(",", line)));
            }
            rows.add(new StudentRow(cell(line[0]), cell(line[1]), cell(line[2])));
        }
        return new ResultCsv(rows, Optional.empty());
    }

    /** The value the handler wrote: a formula-like cell it neutralised ({@code '=x}) reads back as {@code =x}. */
    private static String cell(String text) {
        return CsvCells.restore(text.trim()).trim();
    }

    private static boolean isHeader(String[] line) {
        return line.length == 3
                && line[0].trim().equalsIgnoreCase("name")
                && line[1].trim().equalsIgnoreCase("major")
                && line[2].trim().equalsIgnoreCase("year");
    }
}
