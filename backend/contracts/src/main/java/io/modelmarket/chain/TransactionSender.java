package io.modelmarket.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.contracts.RevertReasons;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Sends transactions signed with a local key, for the CLI and development flows (users of the web UI sign in
 * their own wallet). It estimates gas first, so a transaction that would revert is refused with the
 * contract's custom error in words before anything is spent; it sets EIP-1559 fees from the latest block,
 * keeps the account's nonce itself (so several transactions can be sent back to back), waits for the
 * receipt, and explains a revert that happens anyway.
 */
public final class TransactionSender {
    private static final BigInteger DEFAULT_PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L); // 1 gwei
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final PollingTransactionReceiptProcessor receipts;
    private BigInteger nextNonce;

    public TransactionSender(Web3j web3j, Credentials credentials, long chainId) {
        this.web3j = web3j;
        this.credentials = credentials;
        this.chainId = chainId;
        this.receipts = new PollingTransactionReceiptProcessor(web3j, 200, 300);
    }

    public String address() {
        return credentials.getAddress();
    }

    /** Sends {@code data} to {@code to} with {@code value} wei and returns the successful receipt. */
    public synchronized TransactionReceipt send(String to, String data, BigInteger value) throws ChainException {
        try {
            BigInteger gasLimit = estimateGas(to, data, value);
            BigInteger baseFee = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getBaseFeePerGas();
            BigInteger maxFee = baseFee.multiply(BigInteger.TWO).add(DEFAULT_PRIORITY_FEE);
            BigInteger nonce = nonce();
            RawTransaction transaction = RawTransaction.createTransaction(chainId, nonce, gasLimit, to, value, data, DEFAULT_PRIORITY_FEE, maxFee);
            String signed = Numeric.toHexString(TransactionEncoder.signMessage(transaction, chainId, credentials));
            EthSendTransaction sent = web3j.ethSendRawTransaction(signed).send();
            if (sent.hasError()) {
                nextNonce = null; // whatever happened, ask the node again next time
                throw new ChainException("the node refused the transaction: " + reason(sent.getError()));
            }
            nextNonce = nonce.add(BigInteger.ONE);
            TransactionReceipt receipt = receipts.waitForTransactionReceipt(sent.getTransactionHash());
            if (!receipt.isStatusOK()) {
                throw new ChainException("the transaction " + receipt.getTransactionHash() + " reverted: " + replayRevert(to, data, value, receipt));
            }
            return receipt;
        } catch (IOException | TransactionException e) {
            nextNonce = null;
            throw new ChainException("could not send the transaction: " + e.getMessage(), e);
        }
    }

    /** Why sending {@code data} to {@code to} would revert now, in words; empty when it would succeed. */
    public Optional<String> wouldRevert(String to, String data) throws IOException {
        return wouldRevert(to, data, BigInteger.ZERO);
    }

    /** Why sending {@code data} to {@code to} with {@code value} wei would revert now, in words; empty when it would succeed. */
    public Optional<String> wouldRevert(String to, String data, BigInteger value) throws IOException {
        EthEstimateGas estimate = web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(address(), null, null, null, to, value, data)).send();
        return estimate.hasError() ? Optional.of(reason(estimate.getError())) : Optional.empty();
    }

    private BigInteger estimateGas(String to, String data, BigInteger value) throws IOException, ChainException {
        EthEstimateGas estimate = web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(address(), null, null, null, to, value, data)).send();
        if (estimate.hasError()) {
            throw new ChainException("the transaction would revert: " + reason(estimate.getError()));
        }
        return estimate.getAmountUsed().multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN); // 20% headroom
    }

    private BigInteger nonce() throws IOException {
        if (nextNonce == null) {
            nextNonce = web3j.ethGetTransactionCount(address(), DefaultBlockParameterName.PENDING).send().getTransactionCount();
        }
        return nextNonce;
    }

    /** The revert reason of a mined, failed transaction, by replaying it as a call in its block. */
    private String replayRevert(String to, String data, BigInteger value, TransactionReceipt receipt) throws IOException {
        EthCall call = web3j.ethCall(Transaction.createFunctionCallTransaction(address(), null, null, null, to, value, data),
                DefaultBlockParameter.valueOf(receipt.getBlockNumber())).send();
        return call.hasError() ? reason(call.getError()) : RevertReasons.decode(call.getRevertReason());
    }

    /** The node's error in words: the decoded custom error when it carries revert data. */
    String reason(Response.Error error) {
        String data = error.getData();
        if (data != null && !data.isBlank()) {
            String hex = data.strip();
            if (hex.startsWith("{")) {
                try {
                    JsonNode node = JSON.readTree(hex);
                    hex = node.path("data").asText(node.path("result").asText(""));
                } catch (IOException e) {
                    hex = "";
                }
            }
            hex = hex.replace("\"", "");
            if (hex.startsWith("0x")) {
                return RevertReasons.decode(hex);
            }
        }
        return error.getMessage();
    }
}
