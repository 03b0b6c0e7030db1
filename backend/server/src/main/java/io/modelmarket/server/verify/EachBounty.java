package io.modelmarket.server.verify;

/** Works through bounties so that one bounty's failure (its store or the chain does not answer) does not keep the others from their turn. */
final class EachBounty {
    /** What is done with one bounty. */
    @FunctionalInterface
    interface Work<T> {
        void on(T bounty) throws Exception;
    }

    private EachBounty() {}

    /** Does {@code work} on every one of {@code bounties}; then throws the first failure, with the others suppressed in it. */
    static <T> void forEach(Iterable<T> bounties, Work<T> work) throws Exception {
        Exception failure = null;
        for (T bounty : bounties) {
            try {
                work.on(bounty);
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
