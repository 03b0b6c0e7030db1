package io.modelmarket.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * One {@link LocalChain} per test class: started before the class's {@code @BeforeAll} methods, set into its one
 * static {@code LocalChain} field, and closed after its last test (with the class's extension store), so that a
 * chain test declares the field and nothing else:
 *
 * <pre>{@code
 * @ExtendWith(LocalChainExtension.class)
 * class SomeIT {
 *     private static LocalChain chain;
 * }
 * }</pre>
 */
public final class LocalChainExtension implements BeforeAllCallback {
    private static final Namespace NAMESPACE = Namespace.create(LocalChainExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Field field = chainField(context.getRequiredTestClass());
        LocalChain chain = LocalChain.start();
        context.getStore(NAMESPACE).put(LocalChain.class, (ExtensionContext.Store.CloseableResource) chain::close);
        field.setAccessible(true);
        field.set(null, chain);
    }

    private static Field chainField(Class<?> testClass) {
        List<Field> fields = Arrays.stream(testClass.getDeclaredFields())
                .filter(f -> f.getType() == LocalChain.class && Modifier.isStatic(f.getModifiers())).toList();
        if (fields.size() != 1) {
            throw new IllegalStateException(testClass.getName() + " extends with LocalChainExtension, so it needs exactly one static"
                    + " LocalChain field; it has " + fields.size());
        }
        return fields.get(0);
    }
}
