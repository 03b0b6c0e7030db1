package io.modelmarket.server.ipfs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where content lives: the embedded store (default) or a Kubo-compatible node.
 *
 * @param mode {@code embedded} or {@code kubo}
 * @param path the embedded store's folder
 * @param kuboUrl the node's RPC address, for {@code kubo}
 * @param timeout the limit of one call to the node
 */
@ConfigurationProperties("modelmarket.ipfs")
public record IpfsProperties(
        @DefaultValue("embedded") Mode mode,
        @DefaultValue(".run/ipfs") Path path,
        @DefaultValue("http://127.0.0.1:5001") URI kuboUrl,
        @DefaultValue("60s") Duration timeout) {

    public enum Mode {
        EMBEDDED,
        KUBO
    }
}
