package io.smartclassroom.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvCellsTest {
    @Test
    void formulaLikeCellsGetASingleQuoteBeforeThem() {
        assertThat(CsvCells.neutralise("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
        assertThat(CsvCells.neutralise("@SUM(1)")).isEqualTo("'@SUM(1)");
        assertThat(CsvCells.neutralise("+1")).isEqualTo("'+1");
        assertThat(CsvCells.neutralise("-1")).isEqualTo("'-1");
        assertThat(CsvCells.neutralise("\tx")).isEqualTo("'\tx");
        assertThat(CsvCells.neutralise("\rx")).isEqualTo("'\rx");
    }

    @Test
    void otherCellsStayAsTheyAre() {
        assertThat(CsvCells.neutralise("president_biden")).isEqualTo("president_biden");
        assertThat(CsvCells.neutralise("a=b")).isEqualTo("a=b");
        assertThat(CsvCells.neutralise("")).isEmpty();
        assertThat(CsvCells.isFormulaLike("zoë")).isFalse();
    }

    @Test
    void everyCellReadsBackExactlyEvenOneStartingWithAQuote() {
        for (String cell : new String[] {"=1+1", "@SUM(1)", "'=1", "'quoted", "''", "plain", "", "-", "\t"}) {
            assertThat(CsvCells.restore(CsvCells.neutralise(cell))).as(cell).isEqualTo(cell);
        }
        assertThat(CsvCells.neutralise("'=1")).isEqualTo("''=1");
    }
}
