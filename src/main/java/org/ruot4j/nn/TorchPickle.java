package org.ruot4j.nn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ruot4j.RuotException;

/**
 * A minimal pickle virtual machine for the data.pkl of a PyTorch state-dict checkpoint (protocol 2): an
 * OrderedDict of tensors rebuilt by torch._utils._rebuild_tensor_v2 from persistent storage ids. Only the
 * opcodes such files use are implemented; any other is reported as a {@link RuotException} naming it and the
 * file. No Python object is ever instantiated: globals are kept as names.
 */
final class TorchPickle {
    /** A Python global (module, name). */
    record Global(String module, String name) {}

    /** A Python tuple. */
    record Tuple(List<Object> items) {}

    /** A persistent storage reference ('storage', type, key, location, numel). */
    record Storage(String type, String key, long numel) {}

    /** A tensor view onto a storage: element i is storage[offset + Σ i_k stride_k]. */
    record TensorRef(Storage storage, long offset, long[] shape, long[] stride) {}

    /** The result of calling a global that is not understood (kept opaque). */
    record Opaque(Global callable, Object args) {}

    private final byte[] code;
    private final String file;
    private int pos;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final List<Object> list = new ArrayList<>();

    private TorchPickle(byte[] code, String file) {
        this.code = code;
        this.file = file;
    }

    /** Runs the pickle program and returns its result. */
    static Object load(byte[] code, String file) {
        return new TorchPickle(code, file).run();
    }

    private Object run() {
        try {
            while (true) {
                int at = pos;
                int op = u8();
                switch (op) {
                    case 0x80: // PROTO
                        int proto = u8();
                        if (proto > 2) {
                            throw new RuotException(file + ": pickle protocol " + proto + " is not supported (expected 2)");
                        }
                        break;
                    case 'c': { // GLOBAL module\nname\n
                        String module = line();
                        String name = line();
                        push(new Global(module, name));
                        break;
                    }
                    case 'q': // BINPUT
                        memo.put((long) u8(), peek());
                        break;
                    case 'r': // LONG_BINPUT
                        memo.put(u32(), peek());
                        break;
                    case 'h': // BINGET
                        push(memoGet(u8()));
                        break;
                    case 'j': // LONG_BINGET
                        push(memoGet(u32()));
                        break;
                    case '(': // MARK
                        marks.push(stack.size());
                        break;
                    case ')': // EMPTY_TUPLE
                        push(new Tuple(List.of()));
                        break;
                    case 't': // TUPLE
                        push(new Tuple(popToMark()));
                        break;
                    case 0x85: // TUPLE1
                        push(new Tuple(List.of(pop())));
                        break;
                    case 0x86: { // TUPLE2
                        Object b = pop();
                        Object a = pop();
                        push(new Tuple(List.of(a, b)));
                        break;
                    }
                    case 0x87: { // TUPLE3
                        Object c = pop();
                        Object b = pop();
                        Object a = pop();
                        push(new Tuple(List.of(a, b, c)));
                        break;
                    }
                    case 'X': { // BINUNICODE
                        long len = u32();
                        need(len);
                        push(new String(code, pos, (int) len, StandardCharsets.UTF_8));
                        pos += (int) len;
                        break;
                    }
                    case 'K': // BININT1
                        push((long) u8());
                        break;
                    case 'M': // BININT2
                        push((long) (u8() | (u8() << 8)));
                        break;
                    case 'J': // BININT (signed 32-bit)
                        push((long) (int) u32());
                        break;
                    case 'N': // NONE
                        push(null);
                        break;
                    case 0x88: // NEWTRUE
                        push(Boolean.TRUE);
                        break;
                    case 0x89: // NEWFALSE
                        push(Boolean.FALSE);
                        break;
                    case '}': // EMPTY_DICT
                        push(new LinkedHashMap<Object, Object>());
                        break;
                    case 's': { // SETITEM
                        Object value = pop();
                        Object key = pop();
                        dict(peek(), at).put(key, value);
                        break;
                    }
                    case 'u': { // SETITEMS
                        List<Object> kv = popToMark();
                        Map<Object, Object> d = dict(peek(), at);
                        for (int i = 0; i + 1 < kv.size(); i += 2) {
                            d.put(kv.get(i), kv.get(i + 1));
                        }
                        break;
                    }
                    case 'Q': // BINPERSID
                        push(persistent(pop(), at));
                        break;
                    case 'R': { // REDUCE
                        Object args = pop();
                        Object callable = pop();
                        push(reduce(callable, args, at));
                        break;
                    }
                    case 'b': // BUILD: the state dict's _metadata attribute; not needed for the weights
                        pop();
                        break;
                    case '.': // STOP
                        return pop();
                    default:
                        throw new RuotException(String.format("%s: unsupported pickle opcode 0x%02x ('%s') at byte %d",
                                file, op, op >= 32 && op < 127 ? String.valueOf((char) op) : "?", at));
                }
            }
        } catch (IndexOutOfBoundsException | java.util.NoSuchElementException e) {
            throw new RuotException(file + ": truncated or corrupt data.pkl (pickle ended at byte " + pos + ")");
        }
    }

    private Object persistent(Object pid, int at) {
        if (pid instanceof Tuple t && t.items().size() == 5 && "storage".equals(t.items().get(0))
                && t.items().get(1) instanceof Global g && t.items().get(2) instanceof String key
                && t.items().get(4) instanceof Long numel) {
            return new Storage(g.name(), key, numel);
        }
        throw new RuotException(file + ": unexpected persistent id at byte " + at + " (expected a torch storage)");
    }

    private Object reduce(Object callable, Object args, int at) {
        if (!(callable instanceof Global g) || !(args instanceof Tuple t)) {
            throw new RuotException(file + ": unexpected REDUCE at byte " + at);
        }
        if (g.module().equals("collections") && g.name().equals("OrderedDict")) {
            return new LinkedHashMap<Object, Object>();
        }
        if (g.module().equals("torch._utils") && g.name().equals("_rebuild_tensor_v2")) {
            List<Object> a = t.items();
            if (a.size() < 4 || !(a.get(0) instanceof Storage s) || !(a.get(1) instanceof Long off)
                    || !(a.get(2) instanceof Tuple size) || !(a.get(3) instanceof Tuple stride)) {
                throw new RuotException(file + ": malformed _rebuild_tensor_v2 arguments at byte " + at);
            }
            return new TensorRef(s, off, longs(size, at), longs(stride, at));
        }
        return new Opaque(g, args);
    }

    private long[] longs(Tuple t, int at) {
        long[] r = new long[t.items().size()];
        for (int i = 0; i < r.length; i++) {
            if (!(t.items().get(i) instanceof Long v)) {
                throw new RuotException(file + ": non-integer tensor size or stride at byte " + at);
            }
            r[i] = v;
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o, int at) {
        if (o instanceof Map) {
            return (Map<Object, Object>) o;
        }
        throw new RuotException(file + ": SETITEM on a non-dictionary at byte " + at);
    }

    private List<Object> popToMark() {
        int mark = marks.pop();
        list.clear();
        while (stack.size() > mark) {
            list.add(0, stack.pop());
        }
        return new ArrayList<>(list);
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) {
            throw new RuotException(file + ": pickle memo key " + key + " read before it was written");
        }
        return memo.get(key);
    }

    private void push(Object o) {
        stack.push(o == null ? NULL : o);
    }

    private static final Object NULL = new Object();

    private Object pop() {
        Object o = stack.pop();
        return o == NULL ? null : o;
    }

    private Object peek() {
        Object o = stack.getFirst();
        return o == NULL ? null : o;
    }

    private int u8() {
        return code[pos++] & 0xff;
    }

    private long u32() {
        long v = (code[pos] & 0xffL) | (code[pos + 1] & 0xffL) << 8 | (code[pos + 2] & 0xffL) << 16
                | (code[pos + 3] & 0xffL) << 24;
        pos += 4;
        return v;
    }

    private void need(long n) {
        if (pos + n > code.length) {
            throw new IndexOutOfBoundsException();
        }
    }

    private String line() {
        int start = pos;
        while (code[pos] != '\n') {
            pos++;
        }
        String s = new String(code, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }
}
