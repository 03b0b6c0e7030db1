package io.modelmarket.cli;

import io.modelmarket.chain.TransactionSender;
import io.modelmarket.contracts.BountyMarket;
import io.modelmarket.contracts.MarketEnums;
import io.modelmarket.protocol.Bytes32;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Money and keeping: faucet, balance, withdraw, and advancing bounties past their deadlines. */
final class AccountCommands {
    private AccountCommands() {}

    @Command(name = "faucet", mixinStandardHelpOptions = true,
            description = "Claims ModelCoin's airdrop for the signing account (once per account; off on production networks).",
            footer = {"", "Example:", "  MODELMARKET_PRIVATE_KEY=0x... modelmarket faucet"})
    static final class Faucet extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Override
        int run(MarketConnection chain) throws Exception {
            Credentials credentials = keys.credentials();
            chain.send(chain.sender(credentials), "claimAirdrop", chain.token().getContractAddress(),
                    chain.token().claimAirdrop().encodeFunctionCall(), out());
            out().printf("%s holds %s%n", credentials.getAddress(), Amounts.format(chain.token().balanceOf(credentials.getAddress()).send()));
            return 0;
        }
    }

    @Command(name = "balance", mixinStandardHelpOptions = true,
            description = "Shows an account's ModelCoin and its credits in the market, and its fee credits in ether (what 'withdraw' would pay out).",
            footer = {"", "Example:", "  modelmarket balance 0x7099...79c8"})
    static final class Balance extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Parameters(paramLabel = "ADDRESS", arity = "0..1", converter = Addresses.Converter.class,
                description = "The account (default: the signing account).")
        String account;

        @Option(names = "--wei", description = "Print the two amounts in wei, for scripts: ADDRESS WALLET CREDITS.")
        boolean wei;

        @Override
        int run(MarketConnection chain) throws Exception {
            String address = account != null ? account : keys.credentials().getAddress();
            if (wei) {
                out().printf("%s %s %s%n", address, chain.token().balanceOf(address).send(), chain.market().credits(address).send());
                return 0;
            }
            BigInteger fees = chain.market().feeCredits(address).send();
            out().printf("%s  wallet %s  credits %s%s%n", address, Amounts.format(chain.token().balanceOf(address).send()),
                    Amounts.format(chain.market().credits(address).send()), fees.signum() == 0 ? "" : "  fee credits " + Amounts.ether(fees));
            return 0;
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true,
            description = {"Withdraws the signing account's credits.",
                    "Transfers the credits (rewards, returned stakes, bonds and deposits) to the account's wallet, and its fee credits "
                    + "(a returned fee bond, a repaid arbitration fee) in ether."},
            footer = {"", "Example:", "  modelmarket withdraw"})
    static final class Withdraw extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Override
        int run(MarketConnection chain) throws Exception {
            Credentials credentials = keys.credentials();
            BigInteger credits = chain.market().credits(credentials.getAddress()).send();
            BigInteger fees = chain.market().feeCredits(credentials.getAddress()).send();
            if (credits.signum() == 0 && fees.signum() == 0) {
                throw new IllegalStateException(credentials.getAddress() + " has no credits to withdraw");
            }
            TransactionSender sender = chain.sender(credentials);
            if (credits.signum() != 0) {
                chain.send(sender, "withdraw " + Amounts.format(credits), chain.marketAddress, chain.market().withdraw().encodeFunctionCall(), out());
            }
            if (fees.signum() != 0) {
                chain.send(sender, "withdrawFees " + Amounts.ether(fees), chain.marketAddress, chain.market().withdrawFees().encodeFunctionCall(), out());
            }
            return 0;
        }
    }

    @Command(name = "advance", mixinStandardHelpOptions = true,
            description = {"Does every keeper action that is due for a bounty.",
                    "Records the end a missed deadline has decided (Refunded, RequesterSlashed, Completed after a silent "
                    + "verifier, or the proposal's end, Completed or NoWinner, once Challenging passed undisputed), then, once the "
                    + "bounty has ended, settles every unsettled submission."},
            footer = {"", "Example:", "  modelmarket advance 0x5c1e...9a"})
    static final class Advance extends MarketCommand {
        @Mixin
        KeyOptions keys;

        @Parameters(paramLabel = "BOUNTY_ID", converter = BountyIdConverter.class)
        Bytes32 bountyId;

        @Override
        int run(MarketConnection chain) throws Exception {
            chain.bounty(bountyId);
            TransactionSender sender = chain.sender(keys.credentials());
            BountyMarket market = chain.market();
            String advance = market.advance(bountyId.toByteArray()).encodeFunctionCall();
            int actions = 0;
            while (sender.wouldRevert(chain.marketAddress, advance).isEmpty()) { // each call does one due thing
                chain.send(sender, "advance (" + chain.phase(bountyId) + ")", chain.marketAddress, advance, out());
                actions++;
            }
            String phase = chain.phase(bountyId);
            if (MarketEnums.ended(phase)) {
                for (String trainer : BountyCommands.trainers(chain.events(bountyId))) {
                    String settle = market.settleSubmission(bountyId.toByteArray(), trainer).encodeFunctionCall();
                    if (sender.wouldRevert(chain.marketAddress, settle).isEmpty()) {
                        chain.send(sender, "settle " + trainer.substring(0, 10), chain.marketAddress, settle, out());
                        actions++;
                    }
                }
            }
            out().printf("bounty %s is %s; %s%n", bountyId.toHex(), phase, actions == 0 ? "nothing was due" : actions + " action(s) done");
            return 0;
        }
    }
}
