package org.ruot4j.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A CPU NDManager for the tests of one class ({@code @RegisterExtension static final CpuManager CPU}): opened
 * before the first test, closed, with every array still in it, after the last.
 */
final class CpuManager implements BeforeAllCallback, AfterAllCallback {
    private NDManager manager;

    @Override
    public void beforeAll(ExtensionContext context) {
        manager = NDManager.newBaseManager(Device.cpu());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        manager.close();
    }

    NDManager get() {
        return manager;
    }
}
