package io.smartclassroom.common;

import static java.util.Objects.requireNonNull;

/**
 * CSV injection: a spreadsheet opening a result CSV runs a cell that starts with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return as a formula ({@code =HYPERLINK("http://x")}). As OWASP recommends, such a
 * cell is written with a single quote before it, which spreadsheets show as text; CSV quoting stays as it is. So
 * that every cell reads back exactly ({@link #restore}), a cell that already starts with a single quote gets one
 * more. The rule of every CSV of data the project writes (the handler's attendance CSV) and reads back (the
 * verifier).
 */
public final class CsvCells {
    private static final String TRIGGERS = "=+-@\t\r";

    private CsvCells() {}

    /** Whether a spreadsheet would take {@code cell} for a formula. */
    public static boolean isFormulaLike(String cell) {
        requireNonNull(cell, "cell");
        return !cell.isEmpty() && TRIGGERS.indexOf(cell.charAt(0)) >= 0;
    }

    /** The cell as written: {@code '} before a formula-like cell or one that starts with {@code '}; else as it is. */
    public static String neutralise(String cell) {
        requireNonNull(cell, "cell");
        return isFormulaLike(cell) || cell.startsWith("'") ? "'" + cell : cell;
    }

    /** The cell as it was before {@link #neutralise}: one leading {@code '} taken off. */
    public static String restore(String cell) {
        requireNonNull(cell, "cell");
        return cell.startsWith("'") ? cell.substring(1) : cell;
    }
}
