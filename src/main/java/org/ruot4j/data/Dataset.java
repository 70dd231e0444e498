package org.ruot4j.data;

import java.util.List;

/**
 * A published dataset the registry knows: where to download it and how to recognise the right file.
 *
 * @param name        the name used in place of a path ({@code --data emt})
 * @param description one line for {@code datasets list}
 * @param dim         number of features D
 * @param times       the time points, as text (e.g. "0,1,2,3")
 * @param fileName    the file name in the cache directory
 * @param urls        download addresses, tried in order (a commit-pinned one first)
 * @param sha256      expected SHA-256 (lower-case hex), or {@code null} when not established in advance: the
 *                    first file accepted is then pinned (see {@link DatasetRegistry})
 * @param size        expected size in bytes, or -1 when unknown
 */
public record Dataset(String name, String description, int dim, String times, String fileName, List<String> urls,
        String sha256, long size) {
    public Dataset {
        urls = List.copyOf(urls);
    }

    /** Whether the checksum is known in advance (otherwise it is pinned on first fetch). */
    public boolean checksumKnown() {
        return sha256 != null;
    }
}
