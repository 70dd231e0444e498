package org.ruot4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruot4j.RuotException;

class CellParserTest {
    @Test
    void javaAndLineMagicsRunInOrderWithTheirCellLines() {
        List<CellParser.Part> parts = CellParser.parse("int a = 1;\n%ruot load data.csv --features x1,x2\nint b = a % 2;\n"
                + "  %jars lib/*.jar\nb");
        assertEquals(4 + 1, parts.size());
        CellParser.JavaCode first = assertInstanceOf(CellParser.JavaCode.class, parts.get(0));
        assertEquals(1, first.firstLine());
        CellParser.LineMagic load = assertInstanceOf(CellParser.LineMagic.class, parts.get(1));
        assertEquals("ruot", load.name());
        assertEquals(List.of("load", "data.csv", "--features", "x1,x2"), load.args());
        assertEquals(2, load.line());
        CellParser.JavaCode mod = assertInstanceOf(CellParser.JavaCode.class, parts.get(2));
        assertEquals("int b = a % 2;\n", mod.code()); // a % inside Java is not a magic
        assertEquals(3, mod.firstLine());
        assertEquals("jars", ((CellParser.LineMagic) parts.get(3)).name());
        assertEquals(5, ((CellParser.JavaCode) parts.get(4)).firstLine());
    }

    @Test
    void cellMagicTakesTheRestOfTheCell() {
        List<CellParser.Part> parts = CellParser.parse("\n%%ruot config\nsigma = 0.1\n%not a magic here\n");
        assertEquals(1, parts.size());
        CellParser.CellMagic m = assertInstanceOf(CellParser.CellMagic.class, parts.get(0));
        assertEquals("ruot", m.name());
        assertEquals(List.of("config"), m.args());
        assertEquals("sigma = 0.1\n%not a magic here\n", m.body());
    }

    @Test
    void cellMagicBelowTheFirstLineIsAnError() {
        RuotException e = assertThrows(RuotException.class, () -> CellParser.parse("int a = 1;\n%%ruot config\nx=1"));
        assertEquals("cell line 2: a cell magic (%%ruot config) must be on the first line of its cell", e.getMessage());
    }

    @Test
    void wordsHonourQuotesAndEscapes() {
        assertEquals(List.of("load", "my data.csv", "it's", "a\"b", "c d"),
                CellParser.words("load \"my data.csv\" it\\'s 'a\"b' c\\ d"));
        assertEquals(List.of(), CellParser.words("   "));
        assertThrows(RuotException.class, () -> CellParser.words("load \"unclosed"));
    }

    @Test
    void maskingKeepsOffsetsForJavaAnalysis() {
        String code = "int a = 1;\n%ruot status\na";
        String masked = RuotKernel.maskMagics(code);
        assertEquals(code.length(), masked.length());
        assertEquals("int a = 1;\n            \na", masked);
    }
}
