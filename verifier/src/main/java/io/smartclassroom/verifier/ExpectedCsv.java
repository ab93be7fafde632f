package io.smartclassroom.verifier;

import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an expected-results CSV with the header {@code video,name,major,year} (columns in any order). A
 * video with several students has several rows; a row with an empty name says the video expects none.
 */
public final class ExpectedCsv {
    private static final List<String> COLUMNS = List.of("video", "name", "major", "year");

    private ExpectedCsv() {}

    public static ExpectedResults read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        }
    }

    public static ExpectedResults parse(String text, String source) throws IOException {
        return parse(new StringReader(text), source);
    }

    private static ExpectedResults parse(Reader reader, String source) throws IOException {
        List<String[]> rows;
        try (CSVReader csv = new CSVReader(reader)) {
            rows = csv.readAll();
        } catch (CsvException e) {
            throw new IOException(source + " is not valid CSV: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IOException(source + " is empty; expected a header video,name,major,year");
        }
        Map<String, Integer> column = new HashMap<>();
        String[] header = rows.get(0);
        for (int i = 0; i < header.length; i++) {
            column.put(header[i].trim().replace("\uFEFF", "").toLowerCase(Locale.ROOT), i);
        }
        for (String name : COLUMNS) {
            if (!column.containsKey(name)) {
                throw new IOException(source + " has no \"" + name + "\" column; expected a header video,name,major,year");
            }
        }
        Map<String, Set<StudentRow>> byVideo = new LinkedHashMap<>();
        for (int line = 1; line < rows.size(); line++) {
            String[] row = rows.get(line);
            if (isBlank(row)) {
                continue;
            }
            String video = cell(row, column.get("video"));
            if (video.isEmpty()) {
                throw new IOException(source + " line " + (line + 1) + " has no video");
            }
            Set<StudentRow> students = byVideo.computeIfAbsent(video, key -> new LinkedHashSet<>());
            String name = cell(row, column.get("name"));
            if (!name.isEmpty()) {
                students.add(new StudentRow(name, cell(row, column.get("major")), cell(row, column.get("year"))));
            }
        }
        if (byVideo.isEmpty()) {
            throw new IOException(source + " lists no video");
        }
        return new ExpectedResults(byVideo);
    }

    static boolean isBlank(String[] row) {
        for (String cell : row) {
            if (!cell.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String cell(String[] row, int index) {
        return index < row.length ? row[index].trim() : "";
    }
}
