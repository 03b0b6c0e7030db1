package io.modelmarket.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link EvmNode} parameter (Hardhat, or Anvil in the build's Anvil run): one node per test
 * run, started on first use and stopped when JUnit finishes.
 */
public final class EvmNodeExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EvmNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(EvmNodeExtension.class))
                .getOrComputeIfAbsent(SharedNode.class, key -> new SharedNode(EvmNode.start()), SharedNode.class)
                .node();
    }

    private record SharedNode(EvmNode node) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            node.close();
        }
    }
}
