package io.modelmarket.cli;

import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.KuboRpcClient;
import io.modelmarket.ipfs.LocalContentStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where bounty files live: a Kubo RPC API ({@code --ipfs}) or the embedded store's folder ({@code --store}). */
final class StoreOptions {
    @Option(names = "--ipfs", paramLabel = "URL", defaultValue = "${env:MODELMARKET_KUBO_URL}",
            description = "Kubo RPC API of an IPFS node (default: $MODELMARKET_KUBO_URL; without it, the embedded store), "
                    + "e.g. http://127.0.0.1:5001")
    URI ipfs;

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "${env:MODELMARKET_IPFS_PATH:-.run/ipfs}",
            description = "Folder of the embedded content store, shared with a local server (default: $MODELMARKET_IPFS_PATH, "
                    + "else ${DEFAULT-VALUE} in the current folder).")
    Path store;

    ContentStore open() throws IOException {
        if (ipfs != null) {
            return new KuboRpcClient(ipfs, Duration.ofMinutes(2), 3);
        }
        return new LocalContentStore(store);
    }
}
