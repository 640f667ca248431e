package dev.artie.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests check (committed CRDs, docs, chart). */
public final class RepoFiles {
    /** Set to true (-Dartie.regenerate=true) to rewrite the committed generated files instead of checking them. */
    public static final boolean REGENERATE = Boolean.getBoolean("artie.regenerate");

    private RepoFiles() {}

    public static Path root() {
        return Path.of(System.getProperty("artie.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(String relative, String content) {
        try {
            Files.createDirectories(path(relative).getParent());
            Files.writeString(path(relative), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
