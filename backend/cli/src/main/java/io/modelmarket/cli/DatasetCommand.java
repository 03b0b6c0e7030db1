package io.modelmarket.cli;

import io.modelmarket.dataset.IdxImages;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code modelmarket dataset from-idx}: image datasets in IDX files (MNIST, Fashion-MNIST) as bounty CSVs. */
@Command(name = "dataset", description = "Prepare datasets for bounties.", mixinStandardHelpOptions = true,
        subcommands = DatasetCommand.FromIdx.class)
final class DatasetCommand {

    @Command(name = "from-idx", mixinStandardHelpOptions = true,
            description = {"Turns MNIST-format image files into a bounty CSV.",
                    "Turns IDX image and label files (MNIST's format, gzipped or not) into a CSV with one column per pixel "
                    + "(pixel0, pixel1, ...) and a label column, ready for 'bounty create'."},
            footer = {"", "Example (Debian's dataset-fashion-mnist):",
                    "  cd /usr/share/datasets/fashion-mnist",
                    "  modelmarket dataset from-idx --images train-images-idx3-ubyte.gz \\",
                    "      --labels train-labels-idx1-ubyte.gz --fashion-mnist --rows 10000 \\",
                    "      --out ~/fashion.csv"})
    static final class FromIdx implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--images", required = true, paramLabel = "FILE", converter = FileErrors.Readable.class, description = "IDX3 image file.")
        Path images;

        @Option(names = "--labels", required = true, paramLabel = "FILE", converter = FileErrors.Readable.class, description = "IDX1 label file.")
        Path labels;

        @Option(names = "--fashion-mnist", description = "Name the labels with Fashion-MNIST's class names instead of their digits.")
        boolean fashionMnist;

        @Option(names = "--rows", defaultValue = "2147483647", description = "The first N images only (default: all).")
        int rows;

        @Option(names = "--out", required = true, paramLabel = "CSV", description = "The CSV to write.")
        Path out;

        @Override
        public Integer call() throws Exception {
            List<String> classNames = fashionMnist ? IdxImages.FASHION_MNIST_CLASSES
                    : IntStream.range(0, 256).mapToObj(Integer::toString).toList();
            int written;
            try (OutputStream csv = Files.newOutputStream(out)) {
                written = IdxImages.toCsv(images, labels, classNames, rows, csv);
            }
            spec.commandLine().getOut().printf("%s: %,d rows%n", out, written);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
