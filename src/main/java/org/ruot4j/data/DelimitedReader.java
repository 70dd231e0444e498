package org.ruot4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ruot4j.RuotException;

/**
 * Reads CSV/TSV tables: a header line of column names, then one cell per line. The delimiter is ',' for .csv,
 * TAB for .tsv/.tab, and otherwise (or when a .csv header has no comma) the most frequent of ',', TAB and ';'
 * in the header. Cells may be quoted with '"' ("" inside quotes is a quote); quoted cells may not span lines.
 * Blank lines are skipped. A column with an empty name (the row-name column pandas writes) is never a default
 * feature. Every error names the file and the line (and the column for cell errors).
 */
final class DelimitedReader {
    private DelimitedReader() {
    }

    static Snapshots read(Path path, ReadOptions options) {
        String src = path.toString();
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(in, src, path.getFileName().toString(), options);
        } catch (CharacterCodingException e) {
            throw new RuotException(src + ": not UTF-8 text; expected a CSV/TSV table (an AnnData file must end in .h5ad)");
        } catch (IOException e) {
            throw new RuotException(src + ": cannot read: " + e.getMessage(), e);
        }
    }

    static Snapshots read(BufferedReader in, String src, String fileName, ReadOptions options) throws IOException {
        int lineNo = 0;
        String header = null;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // UTF-8 byte-order mark written by some spreadsheet programs
            }
            if (!line.isBlank()) {
                header = line;
                break;
            }
        }
        if (header == null) {
            throw new RuotException(src + ": file is empty; expected a header line (e.g. samples,x1,x2) and rows of numbers");
        }
        char delim = delimiter(fileName, header);
        int headerLine = lineNo;
        List<String> columns = split(header, delim, src, headerLine);
        for (int j = 0; j < columns.size(); j++) {
            columns.set(j, columns.get(j).strip());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < columns.size(); j++) {
            String name = columns.get(j);
            if (name.isEmpty()) {
                continue;
            }
            Integer prev = index.putIfAbsent(name, j);
            if (prev != null) {
                throw new RuotException(src + ": line " + headerLine + ": duplicate column name '" + name + "' (columns "
                        + (prev + 1) + " and " + (j + 1) + "); column names must be unique");
            }
        }
        String timeName = options.timeColumn();
        Integer timeIdx = index.get(timeName);
        if (timeIdx == null) {
            throw new RuotException(src + ": no time column '" + timeName + "'; available columns: "
                    + Cells.listNames(named(columns)) + " (choose one with --time-column)");
        }
        List<String> features = new ArrayList<>();
        List<Integer> featureIdx = new ArrayList<>();
        if (options.features() == null) {
            for (int j = 0; j < columns.size(); j++) {
                if (j != timeIdx && !columns.get(j).isEmpty()) {
                    features.add(columns.get(j));
                    featureIdx.add(j);
                }
            }
            if (features.isEmpty()) {
                throw new RuotException(src + ": no feature columns besides the time column '" + timeName + "'");
            }
        } else {
            for (String f : options.features()) {
                Integer j = index.get(f);
                if (j == null) {
                    throw new RuotException(src + ": unknown feature '" + f + "'; available columns: "
                            + Cells.listNames(named(columns)));
                }
                if (j.equals(timeIdx)) {
                    throw new RuotException(src + ": feature '" + f + "' is the time column; choose other columns");
                }
                features.add(f);
                featureIdx.add(j);
            }
        }
        Snapshots.Builder b = Snapshots.builder(features).source(src);
        if (options.relativeMasses() != null) {
            b.relativeMasses(options.relativeMasses());
        }
        int d = features.size();
        TimeLabels labels = TimeLabels.of(options);
        int rows = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = split(line, delim, src, lineNo);
            if (cells.size() != columns.size()) {
                throw new RuotException(src + ": line " + lineNo + ": expected " + columns.size() + " cells (as in the "
                        + "header), found " + cells.size());
            }
            String where = src + ": line " + lineNo + ", column ";
            double t = labels.parse(cells.get(timeIdx), where + timeName);
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = Cells.parse(cells.get(featureIdx.get(j)), where + features.get(j));
            }
            b.add(t, x, "line " + lineNo);
            rows++;
        }
        if (rows == 0) {
            throw new RuotException(src + ": only a header line, no data rows");
        }
        return b.build();
    }

    private static List<String> named(List<String> columns) {
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    static char delimiter(String fileName, String header) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tsv") || lower.endsWith(".tab")) {
            return '\t';
        }
        if (lower.endsWith(".csv") && header.indexOf(',') >= 0) {
            return ',';
        }
        char best = ',';
        long bestCount = 0;
        for (char c : new char[] {',', '\t', ';'}) {
            long n = header.chars().filter(ch -> ch == c).count();
            if (n > bestCount) {
                best = c;
                bestCount = n;
            }
        }
        return best;
    }

    /** Splits one line at {@code delim}, honouring double-quoted cells. */
    static List<String> split(String line, char delim, String src, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == delim) {
                out.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '"' && !wasQuoted && cell.toString().isBlank()) {
                quoted = true;
                wasQuoted = true;
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new RuotException(src + ": line " + lineNo + ": unterminated quote (quoted cells may not span lines)");
        }
        out.add(cell.toString());
        return out;
    }
}
