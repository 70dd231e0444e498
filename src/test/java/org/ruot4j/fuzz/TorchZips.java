package org.ruot4j.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes PyTorch state-dict checkpoints the way {@code torch.save} does (a zip archive, stored entries, holding
 * archive/data.pkl as a protocol-2 pickle of an OrderedDict of tensors rebuilt by
 * {@code torch._utils._rebuild_tensor_v2}, one little-endian storage per tensor in archive/data/&lt;key&gt;, and
 * archive/byteorder), so the importer can be fuzzed without PyTorch installed.
 */
final class TorchZips {
    /** One tensor of the state dict; {@code storageType} is e.g. "FloatStorage", numel the storage length. */
    record Tensor(String name, String storageType, long numel, long offset, long[] size, long[] stride, byte[] storage) {
        /** A contiguous float32 tensor holding {@code values}. */
        static Tensor floats(String name, long[] size, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                b.putFloat(v);
            }
            long[] stride = new long[size.length];
            long s = 1;
            for (int k = size.length - 1; k >= 0; k--) {
                stride[k] = s;
                s *= size[k];
            }
            return new Tensor(name, "FloatStorage", values.length, 0, size, stride, b.array());
        }
    }

    private TorchZips() {
    }

    /** The data.pkl program for {@code tensors} (storage keys "0", "1", … in order). */
    static byte[] pickle(List<Tensor> tensors) {
        Pickler p = new Pickler();
        p.op(0x80).op(2);
        p.global("collections", "OrderedDict").op(')').op('R');
        p.op('(');
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            p.unicode(t.name());
            p.global("torch._utils", "_rebuild_tensor_v2");
            p.op('(');
            p.op('(').unicode("storage").global("torch", t.storageType()).unicode(Integer.toString(i))
                    .unicode("cpu").integer(t.numel()).op('t').op('Q');
            p.integer(t.offset());
            p.tuple(t.size());
            p.tuple(t.stride());
            p.op(0x89);
            p.global("collections", "OrderedDict").op(')').op('R');
            p.op('t').op('R');
        }
        p.op('u');
        p.op('}').op('b'); // _metadata state, applied by BUILD
        p.op('.');
        return p.out.toByteArray();
    }

    /** A zip archive as torch.save writes it, with the given data.pkl and storages. */
    static byte[] zip(byte[] pickle, List<byte[]> storages) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        entries.put("archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < storages.size(); i++) {
            entries.put("archive/data/" + i, storages.get(i));
        }
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setMethod(ZipEntry.STORED); // torch.save stores entries uncompressed
                z.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                z.setCrc(crc.getValue());
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] zip(List<Tensor> tensors) {
        return zip(pickle(tensors), tensors.stream().map(Tensor::storage).toList());
    }

    private static final class Pickler {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int memo;

        Pickler op(int b) {
            out.write(b);
            return this;
        }

        Pickler put() { // BINPUT after each object, as pickle does
            if (memo < 256) {
                op('q').op(memo++);
            }
            return this;
        }

        Pickler global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
            return put();
        }

        Pickler unicode(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return put();
        }

        Pickler integer(long v) {
            if (v >= 0 && v < 256) {
                return op('K').op((int) v);
            }
            if (v >= 0 && v < 65536) {
                return op('M').op((int) (v & 0xff)).op((int) (v >>> 8));
            }
            op('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array());
            return this;
        }

        Pickler tuple(long[] v) {
            if (v.length == 1) {
                return integer(v[0]).op(0x85);
            }
            if (v.length == 2) {
                return integer(v[0]).integer(v[1]).op(0x86);
            }
            op('(');
            for (long x : v) {
                integer(x);
            }
            return op('t');
        }
    }
}
