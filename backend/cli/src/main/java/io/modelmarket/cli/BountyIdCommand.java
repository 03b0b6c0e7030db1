package io.modelmarket.cli;

import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.EthAddress;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the id a bounty will have, which its ground-truth commitment must be made for. */
@Command(
        name = "bounty-id",
        mixinStandardHelpOptions = true,
        description = "Prints keccak256(abi.encode(chainId, market, requester, nonce)), the id of a bounty.",
        footer = {"", "Example:", "  modelmarket bounty-id --chain-id 31337 --market 0xe7f1...0512 \\",
                "      --requester 0x7099...79c8 --nonce 0"})
final class BountyIdCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--chain-id", required = true, description = "Chain id (31337 for a local Hardhat node).")
    private BigInteger chainId;

    @Option(names = "--market", required = true, description = "BountyMarket contract address.")
    private String market;

    @Option(names = "--requester", required = true, description = "The requester's address.")
    private String requester;

    @Option(names = "--nonce", required = true, description = "The requester's nonce, as the market's requesterNonce gives it.")
    private BigInteger nonce;

    @Override
    public Integer call() {
        var id = Commitments.bountyId(chainId, EthAddress.fromHex(market), EthAddress.fromHex(requester), nonce);
        spec.commandLine().getOut().println(id.toHex());
        return 0;
    }
}
