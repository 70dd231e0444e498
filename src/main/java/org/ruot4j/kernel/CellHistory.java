package org.ruot4j.kernel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

/**
 * The inputs (and text outputs) of the cells executed in this kernel process, for Jupyter's
 * {@code history_request}: tail, range and glob search. Session number 1 is this process; 0 and negative
 * session numbers mean "the current session", as in IPython.
 */
final class CellHistory implements HistoryManager {
    static final int SESSION = 1;

    private record Cell(int number, String input, String output) {
    }

    private final List<Cell> cells = new ArrayList<>();

    synchronized void add(int number, String input, String output) {
        cells.add(new Cell(number, input, output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = Math.max(0, cells.size() - Math.max(0, length));
        return entries(cells.subList(from, cells.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        if (session > SESSION) {
            return List.of();
        }
        List<Cell> picked = new ArrayList<>();
        for (Cell c : cells) {
            // IPython's range is [start, stop); stop <= 0 means "to the end".
            if (c.number >= start && (stop <= 0 || c.number < stop)) {
                picked.add(c);
            }
        }
        return entries(picked, flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String glob, int length, Set<ResultFlag> flags) {
        Pattern p = Pattern.compile(globToRegex(glob == null || glob.isEmpty() ? "*" : glob), Pattern.DOTALL);
        List<Cell> hits = new ArrayList<>();
        for (Cell c : cells) {
            if (p.matcher(c.input).matches()) {
                hits.add(c);
            }
        }
        if (flags.contains(ResultFlag.UNIQUE)) {
            Set<String> seen = new LinkedHashSet<>();
            List<Cell> unique = new ArrayList<>();
            for (int i = hits.size() - 1; i >= 0; i--) { // keep the latest of equal inputs
                if (seen.add(hits.get(i).input)) {
                    unique.add(0, hits.get(i));
                }
            }
            hits = unique;
        }
        if (length > 0 && hits.size() > length) {
            hits = hits.subList(hits.size() - length, hits.size());
        }
        return entries(hits, flags);
    }

    private static List<HistoryEntry> entries(List<Cell> cells, Set<ResultFlag> flags) {
        boolean withOutput = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        List<HistoryEntry> out = new ArrayList<>();
        for (Cell c : cells) {
            out.add(new HistoryEntry(SESSION, c.number, c.input, withOutput ? (c.output == null ? "" : c.output) : null));
        }
        return out;
    }

    private static String globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> sb.append(".*");
                case '?' -> sb.append('.');
                default -> sb.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return sb.toString();
    }
}
