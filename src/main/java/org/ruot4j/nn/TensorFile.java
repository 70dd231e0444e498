package org.ruot4j.nn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.ruot4j.RuotException;

/**
 * ruot4j's own binary file of named tensors (parameters, optimizer state).
 *
 * <p>Layout, big-endian: magic "RUOT4JTS" (8 bytes), int format version, UTF kind tag, int count; per tensor:
 * UTF name, byte dtype (0 = float32, 1 = float64), int rank, long dims[rank], then the values; finally a long
 * CRC32 of every preceding byte. A file is written to a temporary sibling and renamed into place, so readers
 * never see half a file; a truncated, altered or foreign file is reported as a {@link RuotException} naming it.
 */
final class TensorFile {
    static final byte[] MAGIC = "RUOT4JTS".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;

    /** One stored tensor: its shape and its values in float64 (exact for float32 sources). */
    record Entry(long[] shape, boolean float64, double[] values) {}

    private TensorFile() {
    }

    static void write(Path file, String kind, Map<String, Entry> tensors) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(kind);
            out.writeInt(tensors.size());
            for (Map.Entry<String, Entry> e : tensors.entrySet()) {
                Entry t = e.getValue();
                out.writeUTF(e.getKey());
                out.writeByte(t.float64 ? 1 : 0);
                out.writeInt(t.shape.length);
                for (long d : t.shape) {
                    out.writeLong(d);
                }
                ByteBuffer buf = ByteBuffer.allocate(t.values.length * (t.float64 ? 8 : 4)).order(ByteOrder.BIG_ENDIAN);
                for (double v : t.values) {
                    if (t.float64) {
                        buf.putDouble(v);
                    } else {
                        buf.putFloat((float) v);
                    }
                }
                out.write(buf.array());
            }
            CRC32 crc = new CRC32();
            out.flush();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new RuotException("cannot encode tensors for " + file + ": " + e.getMessage(), e);
        }
        org.ruot4j.AtomicFiles.write(file, bytes.toByteArray());
    }

    static Map<String, Entry> read(Path file, String kind) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RuotException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer in = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new RuotException(file + ": not a ruot4j tensor file (bad magic bytes)");
            }
            int version = in.getInt();
            if (version != VERSION) {
                throw new RuotException(file + ": tensor file format version " + version
                        + ", this ruot4j reads version " + VERSION);
            }
            String fileKind = readUtf(in);
            if (!fileKind.equals(kind)) {
                throw new RuotException(file + ": holds '" + printable(fileKind) + "', expected '" + kind + "'");
            }
            int count = in.getInt();
            if (count < 0) {
                throw new RuotException(file + ": corrupt tensor count " + count);
            }
            Map<String, Entry> result = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = readUtf(in);
                byte dtype = in.get();
                if (dtype != 0 && dtype != 1) {
                    throw new RuotException(file + ": tensor '" + printable(name) + "' has data type code " + dtype
                            + "; expected 0 (float32) or 1 (float64)");
                }
                boolean f64 = dtype == 1;
                int rank = in.getInt();
                if (rank < 0 || rank > 16) {
                    throw new RuotException(file + ": corrupt rank " + rank + " of tensor '" + printable(name) + "'");
                }
                long[] shape = new long[rank];
                long size = 1;
                for (int k = 0; k < rank; k++) {
                    shape[k] = in.getLong();
                    if (shape[k] < 0) {
                        throw new RuotException(file + ": corrupt shape of tensor '" + printable(name) + "'");
                    }
                    size = Math.multiplyExact(size, shape[k]);
                }
                if (size * (f64 ? 8 : 4) > in.remaining()) {
                    throw new RuotException(file + ": truncated (tensor '" + printable(name) + "' is incomplete)");
                }
                double[] values = new double[Math.toIntExact(size)];
                for (int k = 0; k < values.length; k++) {
                    values[k] = f64 ? in.getDouble() : in.getFloat();
                }
                result.put(name, new Entry(shape, f64, values));
            }
            int payload = in.position();
            long stored = in.getLong();
            CRC32 crc = new CRC32();
            crc.update(all, 0, payload);
            if (crc.getValue() != stored) {
                throw new RuotException(file + ": checksum mismatch (file altered or damaged)");
            }
            if (in.hasRemaining()) {
                throw new RuotException(file + ": " + in.remaining() + " unexpected bytes after the tensors");
            }
            return result;
        } catch (java.nio.BufferUnderflowException | ArithmeticException e) {
            throw new RuotException(file + ": truncated or corrupt ruot4j tensor file");
        }
    }

    /**
     * {@code s} cut to 60 characters with control characters (line breaks included) shown as \\uXXXX: names
     * read from a damaged file go into one-line error messages.
     */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 60; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() < 60 ? sb.toString() : sb + "…";
    }

    private static String readUtf(ByteBuffer in) {
        int len = Short.toUnsignedInt(in.getShort());
        byte[] b = new byte[len];
        in.get(b);
        // writeUTF uses modified UTF-8; identical to UTF-8 for the names used here (no NUL, BMP only)
        return new String(b, StandardCharsets.UTF_8);
    }
}
