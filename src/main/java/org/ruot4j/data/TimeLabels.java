package org.ruot4j.data;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ruot4j.RuotException;

/**
 * The time of a cell from its time-column label. A plain number is its own time. Otherwise, with an explicit map
 * ({@code --time-map day0=0,day2=2}) a label is looked up in it; without one, a label made of one number with a
 * letter prefix and/or suffix ({@code day2}, {@code D3}, {@code t0.5}, {@code Day_7}, {@code 12h}) stands for that
 * number. Labels that could mean two things are refused: no number or more than one ({@code day2_rep3}), or labels
 * of one column with different prefixes/suffixes ({@code day2} next to {@code h3}: two units in one column), and
 * labels mixed with plain numbers ({@code 0} next to {@code day1}).
 * One instance reads one column (it remembers the first label's form).
 */
final class TimeLabels {
    private static final Pattern LABEL = Pattern.compile("([A-Za-z]*)[ _-]?(\\d+(?:\\.\\d+)?|\\.\\d+)[ _-]?([A-Za-z]*)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?|\\.\\d+");

    private final Map<String, Double> map;
    private String form;
    private String firstLabel;
    private String firstPlain;

    private TimeLabels(Map<String, Double> map) {
        this.map = map;
    }

    static TimeLabels of(ReadOptions options) {
        return new TimeLabels(options.timeMap());
    }

    /** The time that {@code cell} stands for; otherwise a {@link RuotException} "{where}: …". */
    double parse(String cell, String where) {
        String s = cell.strip();
        if (map != null && map.containsKey(s)) {
            return map.get(s);
        }
        if (Cells.isNumberLike(s)) {
            double t = Cells.parse(s, where);
            if (map == null && firstLabel != null) {
                throw new RuotException(where + ": '" + Cells.abbreviate(s) + "' is a plain number but earlier times "
                        + "in this column are labels ('" + Cells.abbreviate(firstLabel) + "'); write every time the "
                        + "same way, or give the times with --time-map LABEL=TIME,…");
            }
            if (firstPlain == null) {
                firstPlain = s;
            }
            return t;
        }
        String shown = Cells.abbreviate(s);
        if (map == null && firstPlain != null) {
            throw new RuotException(where + ": '" + shown + "' is not a number, and earlier times in this column are "
                    + "plain numbers ('" + Cells.abbreviate(firstPlain) + "'); write every time as a number or every "
                    + "one as a label such as day2, or give the times with --time-map LABEL=TIME,…");
        }
        if (map != null) {
            throw new RuotException(where + ": time label '" + shown + "' is not in --time-map (which maps "
                    + Cells.listNames(new java.util.ArrayList<>(map.keySet())) + ")");
        }
        Matcher m = LABEL.matcher(s);
        if (!m.matches()) {
            long numbers = NUMBER.matcher(s).results().count();
            throw new RuotException(where + ": time label '" + shown + "' " + (numbers == 0 ? "holds no number"
                    : "holds " + numbers + " numbers") + ", so its time is ambiguous; give the times with --time-map "
                    + "LABEL=TIME,…");
        }
        String f = m.group(1).toLowerCase(Locale.ROOT) + "#" + m.group(3).toLowerCase(Locale.ROOT);
        if (form == null) {
            form = f;
            firstLabel = s;
        } else if (!form.equals(f)) {
            throw new RuotException(where + ": time labels '" + Cells.abbreviate(firstLabel) + "' and '" + shown
                    + "' are written differently (two units in one column?); give the times with --time-map "
                    + "LABEL=TIME,…");
        }
        return Double.parseDouble(m.group(2));
    }
}
