package dev.trainboard.metrics.support;

import java.util.List;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/** Creates a {@link TestDatabase} per context and drops it as the context's very last disposal step. */
class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        // A new customizer per test class: it never equals another one, so no two classes share a context.
        return (context, mergedConfig) -> {
            TestDatabase database = TestDatabase.create();
            TestPropertyValues.of(
                    "spring.datasource.url=" + database.url(),
                    "spring.datasource.username=" + database.user(),
                    "spring.datasource.password=" + database.password()).applyTo(context);
            // Registered before any bean exists, so it is destroyed after all of them, the pool included.
            ((DefaultListableBeanFactory) context.getBeanFactory())
                    .registerDisposableBean("testDatabase", database::drop);
        };
    }
}
