package io.modelmarket.server.verify;

import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.server.chain.ChainClock;
import io.modelmarket.verifier.VerificationRound;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxGate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The verification round the verifier and the proposal watcher share: sandboxed runs through the server's gate. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${modelmarket.chain.enabled:true}' == 'true' && '${modelmarket.verifier.private-key:}' != ''")
class VerifierConfiguration {

    @Bean
    VerificationRound verificationRound(ContentStore store, ModelLimits limits, SandboxGate gate, VerifierProperties properties, ChainClock clock) {
        return VerificationRound.sandboxed(store, limits, gate, properties.sendMargin(), clock::now);
    }
}
