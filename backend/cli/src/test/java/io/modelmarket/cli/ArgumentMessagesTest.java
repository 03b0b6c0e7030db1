package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.DatasetException;
import io.modelmarket.dataset.DatasetSplitter;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.kit.Kits;
import io.modelmarket.kit.RevealKit;
import io.modelmarket.kit.TrainerKit;
import io.modelmarket.protocol.Bytes32;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Mistakes a command finds in its arguments before it talks to the chain, each said with what to do: the other kit
 * than the one a step needs, an address that is none, a label column the data does not have. Nothing listens at the
 * {@code --rpc} these commands get, so each message comes before any connection.
 */
class ArgumentMessagesTest {
    private static final String MARKET = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static final String ACCOUNT = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
    private static final Bytes32 BOUNTY = Bytes32.fromHex("0x" + "ab".repeat(32));
    private static final String NO_CHAIN = "http://127.0.0.1:9";

    @TempDir
    Path folder;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = ModelMarketCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private Path revealKit() throws Exception {
        Path file = folder.resolve("reveal-kit.json");
        Kits.write(file, RevealKit.create(31337, MARKET, BOUNTY, ACCOUNT, new byte[] {0, 1, 0}, Bytes32.randomSalt(), Bytes32.randomSalt(), 2,
                new RevealKit.Files("bafkreitraining", "bafkreisealed", "bafkreimetadata")));
        return file;
    }

    private Path trainerKit() throws Exception {
        Path file = folder.resolve("trainer-kit.json");
        Kits.write(file, TrainerKit.create(31337, MARKET, BOUNTY, ACCOUNT, "bafkreimodel"));
        return file;
    }

    @Test
    void aRevealKitGivenToATrainersStepIsNamedWithTheKitTheStepNeeds() throws Exception {
        Path kit = revealKit();

        int exit = run("claim", "--kit", kit.toString(), "--rpc", NO_CHAIN);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + kit + " is a reveal kit (modelmarket/reveal-kit/2; 'bounty create' writes it for"
                + " the requester), but 'modelmarket claim' needs a trainer kit (modelmarket/trainer-kit/2; 'commit' writes it for the trainer)");
    }

    @Test
    void aTrainerKitGivenToARequestersStepIsNamedWithTheKitTheStepNeeds() throws Exception {
        Path kit = trainerKit();

        int exit = run("bounty", "release", "--kit", kit.toString(), "--rpc", NO_CHAIN);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("error: " + kit + " is a trainer kit (modelmarket/trainer-kit/2; 'commit' writes it for the trainer),"
                + " but 'modelmarket bounty release' needs a reveal kit (modelmarket/reveal-kit/2").doesNotContain("Unrecognized field");
    }

    @Test
    void aKitOfAnotherKindIsNamedByItsKind() throws Exception {
        Path notes = Files.writeString(folder.resolve("notes.json"), "{\"kind\": \"shopping-list/1\"}");

        int exit = run("reveal", "--kit", notes.toString(), "--model", notes.toString(), "--rpc", NO_CHAIN);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("error: " + notes + " is not a trainer kit: its kind is 'shopping-list/1', but 'modelmarket reveal'"
                + " needs a trainer kit");
    }

    @Test
    void anAddressThatIsNoneIsRefusedBeforeAnythingIsRead() {
        int exit = run("balance", "0x1234", "--rpc", NO_CHAIN);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'0x1234' is not an address: an address is 0x and 40 hex digits (it has 4 characters after 0x)")
                .contains("(see: modelmarket balance --help)");
    }

    @Test
    void aBountyIdThatIsNoneIsRefusedBeforeAnythingIsRead() {
        int exit = run("bounty", "show", "0x5c1e", "--rpc", NO_CHAIN);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("'0x5c1e' is not a bounty id: a bounty id is 0x and 64 hex digits (it has 4 characters after 0x)")
                .contains("(see: modelmarket bounty show --help)");
    }

    @Test
    void anAddressWithABrokenChecksumIsRefused() {
        // Hardhat's account #1 in EIP-55 form, with one letter's case flipped.
        int exit = run("bounty", "list", "--requester", "0x70997970C51812dc3A010C7d01b50e0d17dc79c8", "--rpc", NO_CHAIN);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("do not match the EIP-55 checksum");
        assertThat(Addresses.problem("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).isEmpty();
        assertThat(Addresses.problem("0x70997970c51812dc3a010c7d01b50e0d17dc79c8")).isEmpty();
    }

    @Test
    void dataWithoutTheLabelColumnNamesItsColumnsAndTheOption() throws Exception {
        Path data = Files.writeString(folder.resolve("iris.csv"), "sepal_length,sepal_width,species\n5.1,3.5,setosa\n");

        int exit = run("bounty", "create", "--data", data.toString(), "--title", "Iris", "--reward", "1", "--model-deadline", "1h",
                "--window", "1h", "--min-score", "60", "--verifier", "0x" + "22".repeat(20), "--rpc", NO_CHAIN);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + data + " has no column 'label' (the default label column); its columns are"
                + " sepal_length, sepal_width, species: name the label column with --label-column NAME");
    }

    @Test
    void aKitPathThatIsTakenIsRefusedBeforeAnythingIsDone() throws Exception {
        Path kit = revealKit();
        Path data = Files.writeString(folder.resolve("data.csv"), "x,label\n1,a\n");

        int exit = run("bounty", "create", "--data", data.toString(), "--title", "t", "--reward", "1", "--model-deadline", "1h",
                "--window", "1h", "--min-score", "60", "--verifier", "0x" + "22".repeat(20), "--kit", kit.toString(), "--rpc", NO_CHAIN);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: " + kit + " exists already; a kit is never overwritten (choose another --kit path)");
    }

    @Test
    void aLabelColumnOfManyNumbersIsRefusedWithTheFlagThatTakesThemAsClasses() throws Exception {
        StringBuilder csv = new StringBuilder("x,price\n");
        for (int i = 0; i < 150; i++) {
            csv.append(i).append(',').append(100 + i * 1.5).append('\n');
        }
        Path data = Files.writeString(folder.resolve("prices.csv"), csv);
        String[] create = {"bounty", "create", "--data", data.toString(), "--title", "Prices", "--label-column", "price", "--reward", "1",
                "--model-deadline", "1h", "--window", "1h", "--min-score", "60", "--verifier", "0x" + "22".repeat(20), "--no-stratify"};

        assertThatThrownBy(() -> split(data, create))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("label column 'price' has 150 distinct numeric values in 150 rows: it looks like a numeric target")
                .hasMessageContaining("pass --classes-from-numbers (CLI)");
        String[] insisting = Arrays.copyOf(create, create.length + 1);
        insisting[create.length] = "--classes-from-numbers";
        assertThat(split(data, insisting).classes().size()).isEqualTo(150);
    }

    @Test
    void categoricalNamesFeatureColumnsAndMakesThemCategorical() throws Exception {
        Path data = Files.writeString(folder.resolve("shops.csv"), "zip,city,label\n01001,Rome,a\n01002,,b\n01003,Oslo,a\n01004,Rome,b\n");
        String[] create = {"bounty", "create", "--data", data.toString(), "--title", "Shops", "--reward", "1", "--model-deadline", "1h",
                "--window", "1h", "--min-score", "60", "--verifier", "0x" + "22".repeat(20), "--no-stratify", "--test-fraction", "0.5", "--rpc", NO_CHAIN};
        assertThat(split(data, create).features()).extracting(BountyMetadata.Feature::type).containsExactly("float32", "string");
        String[] forced = Arrays.copyOf(create, create.length + 2);
        forced[create.length] = "--categorical";
        forced[create.length + 1] = "zip";
        assertThat(split(data, forced).features()).extracting(BountyMetadata.Feature::type).containsExactly("string", "string");

        forced[create.length + 1] = "zip,postcode";
        assertThat(run(forced)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: --categorical names 'postcode', which is not a column of " + data
                + "; its columns are zip, city, label");
        err.getBuffer().setLength(0);
        forced[create.length + 1] = "label";
        assertThat(run(forced)).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("error: --categorical names 'label', the label column; only feature columns are categorical");
    }

    /** The split {@code bounty create} with these arguments makes of {@code data}. */
    private static SplitResult split(Path data, String... args) throws Exception {
        CommandLine cli = ModelMarketCli.commandLine(args);
        CommandLine create = cli.parseArgs(args).subcommand().subcommand().commandSpec().commandLine();
        SplitOptions options = ((BountyCommands.Create) create.getCommand()).splitOptions(Bytes32.randomSalt());
        return DatasetSplitter.split(data, options, OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
    }
}
