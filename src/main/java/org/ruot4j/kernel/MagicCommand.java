package org.ruot4j.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ruot4j.RuotException;

/**
 * One row of the {@code %ruot} command table ({@link RuotMagics#COMMANDS}): its name and aliases, the usage of its
 * arguments, a help line, how many positional arguments it takes, its {@code --options} (with a value) and
 * {@code --flags} (without), the values its first argument completes to, and its handler. Help, argument checking
 * and completion all read this one table.
 *
 * @param unparsed the handler gets the words unparsed (the {@code key=value} settings of {@code config})
 */
record MagicCommand(String name, List<String> aliases, String usage, String help, int minArgs, int maxArgs,
        List<String> options, List<String> flags, Supplier<List<String>> values, boolean unparsed, Handler handler) {

    /** What a command does with its parsed arguments. */
    interface Handler {
        void run(RuotMagics magics, Args args);
    }

    /** A command without arguments; the withers below add them. */
    static MagicCommand of(String name, String usage, String help, Handler handler) {
        return new MagicCommand(name, List.of(), usage, help, 0, 0, List.of(), List.of(), List::of, false, handler);
    }

    MagicCommand args(int min, int max) {
        return new MagicCommand(name, aliases, usage, help, min, max, options, flags, values, unparsed, handler);
    }

    MagicCommand options(String... names) {
        return new MagicCommand(name, aliases, usage, help, minArgs, maxArgs, List.of(names), flags, values, unparsed,
                handler);
    }

    MagicCommand flags(String... names) {
        return new MagicCommand(name, aliases, usage, help, minArgs, maxArgs, options, List.of(names), values, unparsed,
                handler);
    }

    MagicCommand values(Supplier<List<String>> v) {
        return new MagicCommand(name, aliases, usage, help, minArgs, maxArgs, options, flags, v, unparsed, handler);
    }

    MagicCommand values(String... v) {
        return values(() -> List.of(v));
    }

    MagicCommand aliases(String... names) {
        return new MagicCommand(name, List.of(names), usage, help, minArgs, maxArgs, options, flags, values, unparsed,
                handler);
    }

    MagicCommand raw() {
        return new MagicCommand(name, aliases, usage, help, minArgs, maxArgs, options, flags, values, true, handler);
    }

    boolean answersTo(String word) {
        return name.equals(word) || aliases.contains(word);
    }

    /** {@code %ruot NAME USAGE}. */
    String synopsis() {
        return ("%ruot " + name + " " + usage).strip();
    }

    /** The words after the command's name, parsed and checked against this row; a one-line error otherwise. */
    Args parse(List<String> words) {
        Args a = new Args(words);
        if (unparsed) {
            return a;
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--") || w.length() == 2) {
                a.positional.add(w);
                continue;
            }
            int eq = w.indexOf('=');
            String opt = w.substring(2, eq > 0 ? eq : w.length());
            if (flags.contains(opt) && eq < 0) {
                a.options.put(opt, "true");
            } else if (!options.contains(opt)) {
                List<String> all = Stream.concat(options.stream(), flags.stream()).toList();
                throw new RuotException("%ruot " + name + ": unknown option --" + opt
                        + (all.isEmpty() ? " (it takes none)" : "; expected one of --" + String.join(", --", all)));
            } else if (eq > 0) {
                a.options.put(opt, w.substring(eq + 1));
            } else if (i + 1 < words.size()) {
                a.options.put(opt, words.get(++i));
            } else {
                throw new RuotException("%ruot " + name + ": option " + w + " needs a value");
            }
        }
        if (a.positional.size() < minArgs || a.positional.size() > maxArgs) {
            String expected = minArgs == maxArgs ? Integer.toString(minArgs) : minArgs + " to " + maxArgs;
            throw new RuotException("%ruot " + name + ": expected " + expected + " argument" + (maxArgs == 1 ? "" : "s")
                    + ", got " + a.positional.size() + " (usage: " + synopsis() + ")");
        }
        return a;
    }

    /** What can follow {@code words} (the last one, {@code partial}, being typed) on a line of this command. */
    List<String> complete(List<String> words, String partial) {
        List<String> out = new ArrayList<>();
        String previous = words.isEmpty() ? "" : words.get(words.size() - 1);
        if (previous.startsWith("--") && options.contains(previous.substring(2))) {
            return out; // an option's value: free text (a path, a list of times)
        }
        int positionals = 0;
        for (int i = 0; i < words.size(); i++) {
            if (!words.get(i).startsWith("--")) {
                positionals++;
            } else if (options.contains(words.get(i).substring(2))) {
                i++; // its value
            }
        }
        if (positionals < Math.max(1, maxArgs)) {
            out.addAll(values.get());
        }
        Stream.concat(options.stream(), flags.stream()).map(o -> "--" + o).filter(o -> !words.contains(o))
                .forEach(out::add); // an option given already is not offered again
        return out.stream().filter(c -> c.startsWith(partial)).distinct().toList();
    }

    /** The positional words and {@code --name value} / {@code --name=value} options of one command line. */
    static final class Args {
        private final List<String> words;
        private final List<String> positional = new ArrayList<>();
        private final Map<String, String> options = new LinkedHashMap<>();

        Args(List<String> words) {
            this.words = List.copyOf(words);
        }

        /** Every word after the command's name, unparsed. */
        List<String> words() {
            return words;
        }

        int positionals() {
            return positional.size();
        }

        String positional(int i) {
            return positional.get(i);
        }

        boolean has(String option) {
            return options.containsKey(option);
        }

        String get(String option) {
            return options.get(option);
        }
    }
}
