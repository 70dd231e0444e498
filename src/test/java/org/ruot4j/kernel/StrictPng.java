package org.ruot4j.kernel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;

/**
 * A strict PNG check for tests: the signature, every chunk whole with its CRC right, IHDR first, the image
 * data inflating completely, IEND last with nothing after it, and javax.imageio decoding the pixels. Viewers
 * that forgive a truncated file hide exactly the damage this is for (the last bytes of IEND's CRC missing).
 */
public final class StrictPng {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private StrictPng() {
    }

    /** Throws AssertionError naming the first defect. */
    public static void check(byte[] png) {
        if (png.length < SIGNATURE.length || !java.util.Arrays.equals(java.util.Arrays.copyOf(png, 8), SIGNATURE)) {
            throw new AssertionError("not a PNG (bad signature)");
        }
        ByteBuffer b = ByteBuffer.wrap(png);
        b.position(8);
        boolean first = true;
        boolean end = false;
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        while (b.hasRemaining()) {
            if (end) {
                throw new AssertionError((png.length - b.position()) + " bytes after IEND");
            }
            if (b.remaining() < 12) {
                throw new AssertionError("truncated chunk header at byte " + b.position() + " of " + png.length);
            }
            int len = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            String name = new String(type, StandardCharsets.US_ASCII);
            if (len < 0 || b.remaining() < len + 4) {
                throw new AssertionError("chunk " + name + " truncated: " + len + " data bytes + CRC, "
                        + b.remaining() + " left");
            }
            byte[] data = new byte[len];
            b.get(data);
            long crc = b.getInt() & 0xffffffffL;
            CRC32 c = new CRC32();
            c.update(type);
            c.update(data);
            if (c.getValue() != crc) {
                throw new AssertionError("chunk " + name + ": CRC mismatch");
            }
            if (first && !name.equals("IHDR")) {
                throw new AssertionError("first chunk is " + name + ", not IHDR");
            }
            first = false;
            if (name.equals("IDAT")) {
                idat.writeBytes(data);
            }
            end = name.equals("IEND");
        }
        if (!end) {
            throw new AssertionError("no IEND chunk");
        }
        Inflater inf = new Inflater();
        inf.setInput(idat.toByteArray());
        byte[] buf = new byte[1 << 16];
        try {
            while (!inf.finished()) {
                if (inf.inflate(buf) == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new AssertionError("image data ends before its zlib stream does");
                }
            }
        } catch (DataFormatException e) {
            throw new AssertionError("image data is not valid zlib: " + e.getMessage());
        } finally {
            inf.end();
        }
        try {
            if (ImageIO.read(new ByteArrayInputStream(png)) == null) {
                throw new AssertionError("javax.imageio cannot read it");
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("javax.imageio: " + e.getMessage());
        }
    }
}
