package io.modelmarket.server.bounty;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelmarket.contracts.testing.LocalChain;
import java.math.BigInteger;
import java.util.Map;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/** What a user's wallet does in the flow tests: sign and send the server's unsigned transactions. */
final class Wallet {
    private Wallet() {}

    static void send(LocalChain chain, Credentials from, UnsignedTransaction transaction) throws Exception {
        EthSendTransaction sent = chain.manager(from).sendTransaction(LocalChain.GAS.getGasPrice(), BigInteger.valueOf(3_000_000),
                transaction.to(), transaction.data(), transaction.value().value());
        assertThat(sent.hasError()).as(() -> sent.getError().getMessage()).isFalse();
        TransactionReceipt receipt = new PollingTransactionReceiptProcessor(chain.web3j, 100, 50).waitForTransactionReceipt(sent.getTransactionHash());
        assertThat(receipt.isStatusOK()).as("transaction to " + transaction.to() + " succeeded").isTrue();
    }

    /** A multipart request of named files and plain fields. */
    static HttpEntity<LinkedMultiValueMap<String, Object>> multipart(Map<String, byte[]> files, Map<String, String> fields) {
        LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        files.forEach((name, bytes) -> form.add(name.substring(0, name.indexOf('.')), new ByteArrayResource(bytes) {
            @Override
            public String getFilename() {
                return name;
            }
        }));
        fields.forEach(form::add);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return new HttpEntity<>(form, headers);
    }

    /** Posts a CSV as a bounty of {@code requester} and creates it from the wallet. */
    static PreparedBounty postBounty(LocalChain chain, TestRestTemplate http, Credentials requester, byte[] csv, Map<String, String> fields)
            throws Exception {
        PreparedBounty prepared = http.postForObject("/api/requester/bounties", multipart(Map.of("file.csv", csv), fields), PreparedBounty.class);
        send(chain, requester, prepared.approval());
        send(chain, requester, prepared.create());
        return prepared;
    }
}
