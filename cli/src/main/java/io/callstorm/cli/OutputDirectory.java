package io.callstorm.cli;

import io.callstorm.core.validation.ProblemCollector;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an output directory before a run: a run that could not write its report would have cost its whole length
 * for nothing, and failed with a stack trace at the end.
 */
final class OutputDirectory {
    private OutputDirectory() {
    }

    /**
     * Adds a problem under {@code option} when {@code dir} is a file, lies under a file, or cannot be created or
     * written (permissions, a read-only file system).
     */
    static void check(Path dir, String option, ProblemCollector p) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            p.add(option, "is a file, not a directory: " + dir);
            return;
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            p.add(option, "cannot be created: " + dir);
        } else if (!Files.isDirectory(existing)) {
            p.add(option, "cannot be created under " + existing + ", which is a file: " + dir);
        } else if (!Files.isWritable(existing)) {
            p.add(option, "cannot be written (permission denied or a read-only file system): "
                    + (existing.equals(absolute) ? dir : existing));
        }
    }
}
