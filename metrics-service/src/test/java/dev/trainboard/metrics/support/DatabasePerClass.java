package dev.trainboard.metrics.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestDatabase} created before a test class and dropped after it, for tests that start service
 * instances themselves: {@code @RegisterExtension static final DatabasePerClass database = new DatabasePerClass();}
 */
public final class DatabasePerClass implements BeforeAllCallback, AfterAllCallback {

    private TestDatabase database;

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestDatabase.create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        database.drop();
    }

    public TestDatabase get() {
        return database;
    }
}
