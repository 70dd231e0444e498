package org.ruot4j.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic mutations of a seed input, in the style of a dumb fuzzer: truncation, bit flips, byte insertion
 * and deletion, block duplication, "interesting" integers written over 1/2/4/8 bytes in both byte orders (huge
 * declared lengths, negative counts), and for text formats token-level edits (huge or special numbers, wrong
 * types, missing or extra delimiters, broken quoting, invalid UTF-8). Half of the byte positions are drawn among
 * the seed's non-zero bytes, because in padded binary formats (HDF5) the structure lives there.
 */
final class Mutator {
    private static final long[] INTERESTING = {0, 1, -1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
        0x7fffffffL, 0x80000000L, 0xffffffffL, 0x100000000L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, 1L << 52};
    private static final String[] TOKENS = {"1e308", "-1e308", "1e999", "-1e999", "NaN", "nan", "Infinity", "-Infinity",
        "inf", "99999999999999999999999999", "-0", "0x1p3", "1e-400", "abc", "", "\"", "\"\"", ",", "\t", ";", ",,",
        "true", "null", "{}", "[]", "[1,2", "{\"a\":", "\u00e9", "\uFEFF", "\u0000", "2147483648", "-2147483649",
        "9223372036854775808", "1.7976931348623157E309", "  ", "\r", "\n", "samples", "x1"};
    private final SplittableRandom rng;

    Mutator(long seed) {
        rng = new SplittableRandom(seed);
    }

    int nextInt(int bound) {
        return rng.nextInt(bound);
    }

    /** One to four byte-level mutations of {@code seed}. */
    byte[] bytes(byte[] seed) {
        byte[] b = seed.clone();
        int n = 1 + rng.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = oneByteMutation(b);
        }
        return b;
    }

    /** One to three token-level mutations of a text seed (then, sometimes, a byte-level one). */
    byte[] text(String seed) {
        String s = seed;
        int n = 1 + rng.nextInt(3);
        for (int i = 0; i < n; i++) {
            s = oneTextMutation(s);
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return rng.nextInt(4) == 0 ? oneByteMutation(b) : b;
    }

    private int position(byte[] b) {
        if (b.length == 0) {
            return 0;
        }
        if (rng.nextBoolean()) {
            for (int tries = 0; tries < 32; tries++) {
                int p = rng.nextInt(b.length);
                if (b[p] != 0) {
                    return p;
                }
            }
        }
        return rng.nextInt(b.length);
    }

    private byte[] oneByteMutation(byte[] b) {
        if (b.length == 0) {
            return new byte[] {(byte) rng.nextInt(256)};
        }
        switch (rng.nextInt(9)) {
            case 0: // truncate
                return Arrays.copyOf(b, rng.nextInt(b.length));
            case 1: { // flip one bit
                int p = position(b);
                b[p] ^= (byte) (1 << rng.nextInt(8));
                return b;
            }
            case 2: { // set one byte to a random or extreme value
                int p = position(b);
                b[p] = (byte) (rng.nextBoolean() ? rng.nextInt(256) : (rng.nextBoolean() ? 0xff : 0x7f));
                return b;
            }
            case 3: { // insert random bytes
                int p = rng.nextInt(b.length + 1);
                int len = 1 + rng.nextInt(rng.nextBoolean() ? 4 : 64);
                byte[] ins = new byte[len];
                for (int i = 0; i < len; i++) {
                    ins[i] = (byte) rng.nextInt(256);
                }
                return splice(b, p, 0, ins);
            }
            case 4: { // delete a range
                int p = rng.nextInt(b.length);
                int len = 1 + rng.nextInt(Math.min(b.length - p, rng.nextBoolean() ? 4 : 256));
                return splice(b, p, len, new byte[0]);
            }
            case 5: { // duplicate a block
                int p = rng.nextInt(b.length);
                int len = 1 + rng.nextInt(Math.min(b.length - p, 128));
                return splice(b, rng.nextInt(b.length + 1), 0, Arrays.copyOfRange(b, p, p + len));
            }
            case 6: { // overwrite an integer field with an interesting value (little or big endian)
                int width = new int[] {1, 2, 4, 8}[rng.nextInt(4)];
                if (b.length < width) {
                    return b;
                }
                int p = Math.min(position(b), b.length - width);
                long v = INTERESTING[rng.nextInt(INTERESTING.length)];
                boolean little = rng.nextBoolean();
                for (int i = 0; i < width; i++) {
                    int shift = 8 * (little ? i : width - 1 - i);
                    b[p + i] = (byte) (v >>> shift);
                }
                return b;
            }
            case 7: { // add a small delta to one byte (off-by-one lengths)
                int p = position(b);
                b[p] += (byte) (rng.nextBoolean() ? 1 : -1);
                return b;
            }
            default: { // swap two blocks of equal length
                int len = 1 + rng.nextInt(Math.max(1, Math.min(16, b.length / 2)));
                if (b.length < 2 * len) {
                    return b;
                }
                int p = rng.nextInt(b.length - len + 1);
                int q = rng.nextInt(b.length - len + 1);
                byte[] tmp = Arrays.copyOfRange(b, p, p + len);
                System.arraycopy(b, q, b, p, len);
                System.arraycopy(tmp, 0, b, q, len);
                return b;
            }
        }
    }

    private String oneTextMutation(String s) {
        if (s.isEmpty()) {
            return TOKENS[rng.nextInt(TOKENS.length)];
        }
        int p = rng.nextInt(s.length());
        switch (rng.nextInt(6)) {
            case 0: { // replace the number (or word) at p by a token
                int[] span = token(s, p);
                return s.substring(0, span[0]) + TOKENS[rng.nextInt(TOKENS.length)] + s.substring(span[1]);
            }
            case 1: // insert a token
                return s.substring(0, p) + TOKENS[rng.nextInt(TOKENS.length)] + s.substring(p);
            case 2: { // delete a line or duplicate it
                int a = s.lastIndexOf('\n', p) + 1;
                int e = s.indexOf('\n', p);
                e = e < 0 ? s.length() : e + 1;
                return rng.nextBoolean() ? s.substring(0, a) + s.substring(e)
                        : s.substring(0, e) + s.substring(a, e) + s.substring(e);
            }
            case 3: { // delete a few characters
                int len = 1 + rng.nextInt(Math.min(8, s.length() - p));
                return s.substring(0, p) + s.substring(p + len);
            }
            case 4: { // a long run of digits: a number far beyond double, or a very long cell
                StringBuilder sb = new StringBuilder();
                int len = 10 + rng.nextInt(400);
                for (int i = 0; i < len; i++) {
                    sb.append((char) ('0' + rng.nextInt(10)));
                }
                return s.substring(0, p) + sb + s.substring(p);
            }
            default: // truncate
                return s.substring(0, p);
        }
    }

    /** The [start, end) of the run of non-delimiter characters around p. */
    private static int[] token(String s, int p) {
        int a = p;
        while (a > 0 && !isDelimiter(s.charAt(a - 1))) {
            a--;
        }
        int e = p;
        while (e < s.length() && !isDelimiter(s.charAt(e))) {
            e++;
        }
        return new int[] {a, e};
    }

    private static boolean isDelimiter(char c) {
        return c == ',' || c == '\t' || c == '\n' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}'
                || c == ' ' || c == '=';
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
