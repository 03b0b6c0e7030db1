package io.modelmarket.server.bounty;

import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.testing.HardhatAccounts;
import io.modelmarket.contracts.testing.LocalChain;
import io.modelmarket.kit.RevealKit;
import io.modelmarket.server.ApiClients;
import io.modelmarket.server.LocalChainProperties;
import io.modelmarket.server.TestDatabaseProperties;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import static io.modelmarket.contracts.testing.LocalChain.MDC;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * A requester posts a CSV through the API, signs the returned transactions with its own key (as MetaMask
 * would), and later reveals with the kit: the bounty exists on chain with the server's CIDs and commitment.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequesterFlowIT {
    private static LocalChain chain;

    @DynamicPropertySource
    static void chain(DynamicPropertyRegistry registry) throws Exception {
        chain = LocalChain.start();
        LocalChainProperties.register(registry, chain);
        TestDatabaseProperties.register(registry, "requester-it");
    }

    @AfterAll
    static void stopChain() throws Exception {
        chain.close();
    }

    @Autowired
    TestRestTemplate http;

    @BeforeEach
    void sendTheClientHeader() {
        ApiClients.asApiClient(http);
    }

    @Test
    void preparesABountyTheWalletCreatesAndRevealsFromTheKit() throws Exception {
        Credentials requester = HardhatAccounts.account(1);
        chain.fund(requester.getAddress(), MDC.multiply(BigInteger.valueOf(50)));
        BigInteger now = chain.web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp();

        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i).append(',').append(i % 7).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        PreparedBounty prepared = Wallet.postBounty(chain, http, requester, csv.toString().getBytes(), Map.of(
                "requester", requester.getAddress(), "title", "Even or odd", "testFraction", "0.2",
                "reward", MDC.multiply(BigInteger.TEN).toString(), "trainerStake", MDC.toString(),
                "submissionDeadline", now.add(BigInteger.valueOf(600)).toString(), "responseWindow", "3600", "maxSubmissions", "5"));

        assertThat(prepared.metadata().testSize()).isEqualTo(20);
        assertThat(prepared.metadata().classes()).containsExactly("even", "odd");
        assertThat(http.getForObject("/ipfs/" + prepared.testInputsCid(), String.class)).startsWith("x,y\n");

        BountyMarket market = chain.marketAs(requester);
        byte[] id = HexFormat.of().parseHex(prepared.bountyId().substring(2));
        BountyMarket.Bounty onChain = market.getBounty(id).send();
        assertThat(onChain.requester).isEqualToIgnoringCase(requester.getAddress());
        assertThat(onChain.testSize).isEqualTo(BigInteger.valueOf(20));
        assertThat("0x" + HexFormat.of().formatHex(onChain.groundTruthCommitment)).isEqualTo(prepared.revealKit().groundTruthCommitment());

        // A kit whose labels were changed is refused before anything is sent.
        RevealKit kit = prepared.revealKit();
        String changedLabels = kit.labels().substring(0, kit.labels().length() - 2) + (kit.labels().endsWith("00") ? "01" : "00");
        RevealKit tampered = new RevealKit(kit.kind(), kit.chainId(), kit.market(), kit.bountyId(), kit.requester(), changedLabels,
                kit.salt(), kit.groundTruthCommitment(), kit.testSize(), kit.numClasses());
        ResponseEntity<Map> refused = http.postForEntity("/api/requester/reveal-transaction", tampered, Map.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) refused.getBody().get("detail")).contains("do not open");
        RevealKit garbled = new RevealKit(kit.kind(), kit.chainId(), kit.market(), kit.bountyId(), kit.requester(), "0xzz",
                kit.salt(), kit.groundTruthCommitment(), kit.testSize(), kit.numClasses());
        ResponseEntity<Map> unreadable = http.postForEntity("/api/requester/reveal-transaction", garbled, Map.class);
        assertThat(unreadable.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) unreadable.getBody().get("detail")).startsWith("not a hex labels: '0xzz'");

        chain.node.increaseTime(601);
        Wallet.send(chain, requester, http.postForObject("/api/requester/reveal-transaction", kit, UnsignedTransaction.class));
        assertThat(market.phaseOf(id).send()).isEqualTo(BigInteger.valueOf(9)); // Refunded: nobody submitted
    }
}
