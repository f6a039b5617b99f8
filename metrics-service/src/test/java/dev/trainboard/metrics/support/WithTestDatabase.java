package dev.trainboard.metrics.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Gives the annotated test class's application context a database of its own, created before the context
 * starts and dropped after it has closed (use with {@code @DirtiesContext}, so that happens after the class).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(TestDatabaseContextCustomizerFactory.class)
public @interface WithTestDatabase {
}
