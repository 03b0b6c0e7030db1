package io.modelmarket.cli;

import io.modelmarket.contracts.ModelCoin;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * An EIP-2612 permit for the market to take ModelCoin from the signer, signed here with the local key: the market's
 * {@code createBountyWithPermit} and {@code commitModelWithPermit} use it, so paying and acting are one transaction
 * (as in the browser), and a gas estimate of that one transaction checks the whole step before anything is written
 * or sent. It holds an hour by the chain's clock.
 */
record Permit(BigInteger deadline, BigInteger v, byte[] r, byte[] s) {
    private static final byte[] PERMIT_TYPEHASH = Hash.sha3(
            "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)".getBytes(StandardCharsets.US_ASCII));
    private static final long VALIDITY_SECONDS = 3600;

    /** A permit for {@code spender} to take {@code value} of {@code token} from {@code owner}, valid an hour after {@code now}. */
    static Permit sign(ModelCoin token, Credentials owner, String spender, BigInteger value, long now) throws Exception {
        BigInteger deadline = BigInteger.valueOf(now + VALIDITY_SECONDS);
        String permit = FunctionEncoder.encodeConstructor(List.of(new Bytes32(PERMIT_TYPEHASH), new Address(owner.getAddress()),
                new Address(spender), new Uint256(value), new Uint256(token.nonces(owner.getAddress()).send()), new Uint256(deadline)));
        byte[] structHash = Hash.sha3(Numeric.hexStringToByteArray(permit));
        byte[] domainSeparator = token.DOMAIN_SEPARATOR().send();
        byte[] digest = new byte[2 + 32 + 32];
        digest[0] = 0x19;
        digest[1] = 0x01;
        System.arraycopy(domainSeparator, 0, digest, 2, 32);
        System.arraycopy(structHash, 0, digest, 34, 32);
        Sign.SignatureData signature = Sign.signMessage(Hash.sha3(digest), owner.getEcKeyPair(), false);
        return new Permit(deadline, BigInteger.valueOf(signature.getV()[0] & 0xff), signature.getR(), signature.getS());
    }
}
