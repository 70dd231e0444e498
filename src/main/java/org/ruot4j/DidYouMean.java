package org.ruot4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean …?" for a mistyped name: the known names closest to it by edit distance (Levenshtein: insertions,
 * deletions and substitutions each cost 1), or whose dotted last part equals the typed name ({@code refine_epochs}
 * finds {@code pretrain.refine_epochs}). A name counts as close when its distance is at most max(2, length/3), so a slip
 * of one or two letters is found and an unrelated word is not matched to anything.
 */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** Up to three known names close to {@code typed}, nearest first (ties in the order of {@code known}). */
    public static List<String> closest(String typed, Collection<String> known) {
        String t = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        int limit = Math.max(2, t.length() / 3);
        record Scored(String name, int distance, int order) {
        }
        List<Scored> hits = new ArrayList<>();
        int order = 0;
        for (String k : known) {
            String kl = k.toLowerCase(Locale.ROOT);
            int d = distance(t, kl);
            String last = kl.substring(kl.lastIndexOf('.') + 1);
            if (last.equals(t) || kl.startsWith(t + ".")) {
                d = Math.min(d, 1); // the key without its stage prefix, or a stage prefix alone
            }
            if (d <= limit) {
                hits.add(new Scored(k, d, order));
            }
            order++;
        }
        hits.sort(Comparator.comparingInt(Scored::distance).thenComparingInt(Scored::order));
        return hits.stream().limit(3).map(Scored::name).toList();
    }

    /** "; did you mean 'a' or 'b'?" for the closest names, or "" when none is close. */
    public static String suffix(String typed, Collection<String> known) {
        List<String> c = closest(typed, known);
        if (c.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("; did you mean ");
        for (int i = 0; i < c.size(); i++) {
            sb.append(i == 0 ? "" : i == c.size() - 1 ? " or " : ", ").append('\'').append(c.get(i)).append('\'');
        }
        return sb.append('?').toString();
    }

    /** Levenshtein distance between a and b. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
