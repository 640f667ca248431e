package dev.artie.cli.bench;

import dev.artie.cli.stack.SupervisedChild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A service the benchmark started, with how long it took from process start to ready.
 *
 * @param hadArchive whether its class-data archive existed before this start (see ServiceLauncher)
 */
record StartedService(SupervisedChild child, double readySeconds, boolean hadArchive) {

    /** Resident memory of the process now, in MB (Linux only). */
    OptionalLong rssMegabytes() {
        return procStatus("VmRSS:");
    }

    /** Highest resident memory so far, in MB. */
    OptionalLong peakRssMegabytes() {
        return procStatus("VmHWM:");
    }

    private OptionalLong procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(child.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process is gone: no figure.
        }
        return OptionalLong.empty();
    }
}
