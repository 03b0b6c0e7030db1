package io.modelmarket.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * What is wrong with a file, in the words every command uses: {@code no such file: PATH}, {@code not a file: PATH},
 * {@code not readable: PATH}. The JDK's own messages name the path alone ({@code /nonexistent.csv}), or for a folder
 * read as a file, nothing at all.
 */
final class FileErrors {
    private FileErrors() {}

    /** The problem with reading {@code path} as a file, if there is one. */
    static Optional<String> unreadable(Path path) {
        if (!Files.exists(path)) {
            return Optional.of(missing(path));
        }
        if (!Files.isRegularFile(path)) {
            return Optional.of("not a file: " + path);
        }
        if (!Files.isReadable(path)) {
            return Optional.of("not readable: " + path);
        }
        return Optional.empty();
    }

    /** A file-system failure of a command, said as {@link #unreadable} says it, for reads and writes alike. */
    static String describe(FileSystemException e) {
        String file = e.getFile();
        if (file == null) {
            return e.getMessage();
        }
        Path path = Path.of(file);
        if (e instanceof NoSuchFileException) {
            return missing(path);
        }
        if (e instanceof AccessDeniedException) {
            return (Files.exists(path) && !Files.isReadable(path) ? "not readable: " : "not writable: ") + path;
        }
        if ("Is a directory".equals(e.getReason())) {
            return "not a file: " + path;
        }
        return e.getReason() == null ? e.getMessage() : file + ": " + e.getReason();
    }

    private static String missing(Path path) {
        Path folder = path.toAbsolutePath().getParent();
        return folder != null && !Files.isDirectory(folder) ? "no such folder: " + folder : "no such file: " + path;
    }

    /** The type of an option that names a file the command reads: refused before the command runs when it cannot be. */
    static final class Readable implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path path = Path.of(value);
            unreadable(path).ifPresent(problem -> {
                throw new TypeConversionException(problem);
            });
            return path;
        }
    }
}
