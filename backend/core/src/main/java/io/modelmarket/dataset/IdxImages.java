package io.modelmarket.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Converts IDX image and label files (the MNIST and Fashion-MNIST format, gzipped or not) to the CSV a
 * bounty starts from: one column per pixel ({@code pixel0} …, values 0–255) and a label column holding the
 * class name. Streams; memory does not grow with the number of images.
 */
public final class IdxImages {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    /** Fashion-MNIST's classes, in the index order of its label files. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private IdxImages() {}

    /**
     * Writes up to {@code limit} images with their labels as CSV and returns how many were written.
     *
     * @param classNames the name of each label value, in order
     */
    public static int toCsv(Path images, Path labels, List<String> classNames, int limit, OutputStream csv) throws IOException {
        try (DataInputStream imageIn = open(images); DataInputStream labelIn = open(labels)) {
            int[] imageHeader = header(imageIn, images, IMAGES_MAGIC, 3);
            int[] labelHeader = header(labelIn, labels, LABELS_MAGIC, 1);
            if (imageHeader[0] != labelHeader[0]) {
                throw new DatasetException(images.getFileName() + " holds " + imageHeader[0] + " images but "
                        + labels.getFileName() + " holds " + labelHeader[0] + " labels");
            }
            int pixels = imageHeader[1] * imageHeader[2];
            int count = Math.min(limit, imageHeader[0]);
            CsvWriter writer = new CsvWriter(csv);
            List<String> header = new ArrayList<>(pixels + 1);
            for (int p = 0; p < pixels; p++) {
                header.add("pixel" + p);
            }
            header.add("label");
            writer.write(header);
            byte[] image = new byte[pixels];
            List<String> row = new ArrayList<>(pixels + 1);
            for (int i = 0; i < count; i++) {
                imageIn.readFully(image);
                int label = labelIn.readUnsignedByte();
                if (label >= classNames.size()) {
                    throw new DatasetException(labels.getFileName() + ": label " + label + " of item " + i + " has no class name");
                }
                row.clear();
                for (byte pixel : image) {
                    row.add(Integer.toString(pixel & 0xff));
                }
                row.add(classNames.get(label));
                writer.write(row);
            }
            writer.flush();
            return count;
        } catch (EOFException e) {
            throw new DatasetException(images.getFileName() + " or " + labels.getFileName() + " ends before the count its header gives");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return new DataInputStream(file.toString().endsWith(".gz") ? new BufferedInputStream(new GZIPInputStream(in), 1 << 16) : in);
    }

    /** Checks the magic number and returns the dimensions. */
    private static int[] header(DataInputStream in, Path file, int magic, int dimensions) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new DatasetException(file.getFileName() + ": not an IDX file of " + dimensions + " dimension(s) (magic 0x"
                    + Integer.toHexString(found) + ", expected 0x" + Integer.toHexString(magic) + ")");
        }
        int[] sizes = new int[dimensions];
        for (int i = 0; i < dimensions; i++) {
            sizes[i] = in.readInt();
        }
        return sizes;
    }
}
