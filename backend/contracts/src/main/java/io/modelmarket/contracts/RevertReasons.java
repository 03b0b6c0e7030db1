package io.modelmarket.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;

/**
 * Turns the revert data of a failed call into a sentence a person can read: the contracts' custom errors
 * with their argument names and values (enum values by name), {@code Error(string)} and {@code Panic(uint256)}.
 * The error definitions of BountyMarket, ModelCoin and DevelopmentArbitrator come from the ABIs of the Hardhat artifacts, packed into
 * this jar by the build.
 */
public final class RevertReasons {
    private static final Map<String, List<String>> ENUMS = Map.of(
            "enum IBountyMarketTypes.Phase", MarketEnums.PHASES,
            "enum IBountyMarketTypes.SubmissionStatus", MarketEnums.SUBMISSION_STATUSES,
            "enum IBountyMarketTypes.SlashReason", MarketEnums.SLASH_REASONS,
            "enum IBountyMarketTypes.DisputeKind", MarketEnums.DISPUTE_KINDS);

    private record Parameter(String name, String type, String internalType) {}

    private record ErrorDefinition(String name, List<Parameter> parameters) {}

    private static final Map<String, ErrorDefinition> BY_SELECTOR = load();

    private RevertReasons() {}

    /**
     * The readable reason for {@code revertData} ({@code 0x}-hex), e.g. {@code WrongPhase(bountyId=0x…,
     * expected=Open, actual=Claiming)}; unknown data is returned as it is, marked as such.
     */
    public static String decode(String revertData) {
        String hex = revertData == null ? "" : revertData.startsWith("0x") ? revertData.substring(2) : revertData;
        if (hex.length() < 8) {
            return hex.isEmpty() ? "reverted without a reason" : "unknown revert data 0x" + hex;
        }
        String selector = "0x" + hex.substring(0, 8).toLowerCase();
        ErrorDefinition error = BY_SELECTOR.get(selector);
        if (error == null) {
            return "unknown revert data 0x" + hex;
        }
        List<TypeReference<Type>> types = new ArrayList<>();
        for (Parameter parameter : error.parameters()) {
            types.add(typeReference(parameter.type()));
        }
        List<Type> values = FunctionReturnDecoder.decode("0x" + hex.substring(8), types);
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Parameter parameter = error.parameters().get(i);
            arguments.add((parameter.name().isEmpty() ? "" : parameter.name() + "=") + format(values.get(i), parameter.internalType()));
        }
        if (error.name().equals("Error") && arguments.size() == 1) {
            return arguments.get(0).replaceFirst("^message=", "");
        }
        return error.name() + "(" + String.join(", ", arguments) + ")";
    }

    @SuppressWarnings("unchecked")
    private static TypeReference<Type> typeReference(String solidityType) {
        try {
            return (TypeReference<Type>) TypeReference.makeTypeReference(solidityType);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("unsupported ABI type " + solidityType, e);
        }
    }

    private static String format(Type value, String internalType) {
        Object raw = value.getValue();
        if (raw instanceof byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }
        List<String> names = ENUMS.get(internalType);
        if (names != null && raw instanceof BigInteger index && index.intValue() < names.size()) {
            return names.get(index.intValue());
        }
        return String.valueOf(raw);
    }

    private static Map<String, ErrorDefinition> load() {
        Map<String, ErrorDefinition> errors = new HashMap<>();
        errors.put("0x08c379a0", new ErrorDefinition("Error", List.of(new Parameter("message", "string", "string"))));
        errors.put("0x4e487b71", new ErrorDefinition("Panic", List.of(new Parameter("code", "uint256", "uint256"))));
        for (String contract : List.of("BountyMarket", "ModelCoin", "DevelopmentArbitrator")) {
            try (InputStream in = RevertReasons.class.getResourceAsStream("abi/" + contract + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("the ABI of " + contract + " is not in the jar; rebuild the contracts module");
                }
                for (JsonNode entry : new ObjectMapper().readTree(in).get("abi")) {
                    if (!"error".equals(entry.get("type").asText())) {
                        continue;
                    }
                    List<Parameter> parameters = new ArrayList<>();
                    for (JsonNode input : entry.get("inputs")) {
                        parameters.add(new Parameter(input.get("name").asText(), input.get("type").asText(), input.get("internalType").asText()));
                    }
                    String signature = entry.get("name").asText() + "(" + String.join(",", parameters.stream().map(Parameter::type).toList()) + ")";
                    errors.put(Hash.sha3String(signature).substring(0, 10), new ErrorDefinition(entry.get("name").asText(), parameters));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the ABI of " + contract, e);
            }
        }
        return Map.copyOf(errors);
    }
}
