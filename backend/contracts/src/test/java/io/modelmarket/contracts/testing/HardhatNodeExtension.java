package io.modelmarket.contracts.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link HardhatNode} parameter: one node per test run, started on first use and stopped when
 * JUnit finishes.
 */
public final class HardhatNodeExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == HardhatNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(HardhatNodeExtension.class))
                .getOrComputeIfAbsent(SharedNode.class, key -> new SharedNode(HardhatNode.start()), SharedNode.class)
                .node();
    }

    private record SharedNode(HardhatNode node) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            node.close();
        }
    }
}
