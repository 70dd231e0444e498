package org.ruot4j.grade;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * A graded submission, as {@code grades.json}:
 * {@code {"exercises": [{"name", "points", "max", "message"}], "total", "max", "seed", "written_answers"}}.
 */
public record Grades(List<Exercise> exercises, long seed, String writtenAnswers) {
    /** One exercise's result. */
    public record Exercise(String name, double points, double max, String message) {
    }

    public double total() {
        return exercises.stream().mapToDouble(Exercise::points).sum();
    }

    public double max() {
        return exercises.stream().mapToDouble(Exercise::max).sum();
    }

    public Exercise exercise(String name) {
        return exercises.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no exercise " + name));
    }

    public String toJson() {
        JsonObject root = new JsonObject();
        JsonArray list = new JsonArray();
        for (Exercise e : exercises) {
            JsonObject o = new JsonObject();
            o.addProperty("name", e.name());
            o.addProperty("points", e.points());
            o.addProperty("max", e.max());
            o.addProperty("message", e.message());
            list.add(o);
        }
        root.add("exercises", list);
        root.addProperty("total", total());
        root.addProperty("max", max());
        root.addProperty("seed", seed);
        root.addProperty("written_answers", writtenAnswers);
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    /** A table for the terminal. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Exercise e : exercises) {
            sb.append(String.format(Locale.ROOT, "%-34s %4s / %-4s %s%n", e.name(), num(e.points()), num(e.max()),
                    e.message()));
        }
        sb.append(String.format(Locale.ROOT, "%-34s %4s / %-4s%n", "total", num(total()), num(max())));
        if (writtenAnswers != null && !writtenAnswers.isEmpty()) {
            sb.append("written answers: ").append(writtenAnswers).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
