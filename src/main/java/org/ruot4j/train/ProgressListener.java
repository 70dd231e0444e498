package org.ruot4j.train;

/** Receives {@link ProgressEvent}s from a running stage (on the training thread; keep it quick). */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(ProgressEvent event);
}
