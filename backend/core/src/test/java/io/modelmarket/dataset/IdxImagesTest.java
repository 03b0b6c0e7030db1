package io.modelmarket.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxImagesTest {
    @TempDir
    Path folder;

    private Path idx(String name, int magic, int[] dims, byte[] data) throws IOException {
        Path file = folder.resolve(name);
        try (OutputStream raw = Files.newOutputStream(file);
                DataOutputStream out = new DataOutputStream(name.endsWith(".gz") ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(magic);
            for (int dim : dims) {
                out.writeInt(dim);
            }
            out.write(data);
        }
        return file;
    }

    @Test
    void writesOneRowPerImageWithTheClassName() throws IOException {
        Path images = idx("images.gz", 0x803, new int[] {3, 2, 2}, new byte[] {0, 1, 2, 3, 10, 11, 12, 13, (byte) 255, 0, 0, 0});
        Path labels = idx("labels.gz", 0x801, new int[] {3}, new byte[] {1, 0, 1});
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        assertThat(IdxImages.toCsv(images, labels, List.of("zero", "one"), 2, csv)).isEqualTo(2);
        assertThat(csv.toString(StandardCharsets.UTF_8))
                .isEqualTo("pixel0,pixel1,pixel2,pixel3,label\n0,1,2,3,one\n10,11,12,13,zero\n");
    }

    @Test
    void namesWhatIsWrong() throws IOException {
        Path images = idx("images", 0x803, new int[] {2, 1, 1}, new byte[] {1, 2});
        Path wrongMagic = idx("labels", 0x803, new int[] {2}, new byte[] {0, 0});
        assertThatThrownBy(() -> IdxImages.toCsv(images, wrongMagic, List.of("a", "b"), 10, OutputStream.nullOutputStream()))
                .hasMessage("labels: not an IDX file of 1 dimension(s) (magic 0x803, expected 0x801)");
        Path fewer = idx("fewer", 0x801, new int[] {1}, new byte[] {0});
        assertThatThrownBy(() -> IdxImages.toCsv(images, fewer, List.of("a", "b"), 10, OutputStream.nullOutputStream()))
                .hasMessage("images holds 2 images but fewer holds 1 labels");
        Path unnamed = idx("unnamed", 0x801, new int[] {2}, new byte[] {0, 5});
        assertThatThrownBy(() -> IdxImages.toCsv(images, unnamed, List.of("a", "b"), 10, OutputStream.nullOutputStream()))
                .hasMessage("unnamed: label 5 of item 1 has no class name");
        Path truncated = idx("truncated", 0x803, new int[] {2, 1, 1}, new byte[] {1});
        Path labels = idx("labels2", 0x801, new int[] {2}, new byte[] {0, 1});
        assertThatThrownBy(() -> IdxImages.toCsv(truncated, labels, List.of("a", "b"), 10, OutputStream.nullOutputStream()))
                .hasMessage("truncated or labels2 ends before the count its header gives");
    }
}
