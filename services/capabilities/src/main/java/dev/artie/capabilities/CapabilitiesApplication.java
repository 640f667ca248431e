package dev.artie.capabilities;

import dev.artie.capabilities.memory.MemoryTool;
import dev.artie.shared.config.ServiceMain;
import java.util.Arrays;
import java.util.Map;

/** The capabilities service: reads what people said from the incoming stream, thinks with a model and its capabilities, replies. */
public class CapabilitiesApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("memory")) {
            // The tool's output may be a backup on standard output, where the logs also go: keep them out of it
            // (a system property wins over the pod's ARTIE_LOG_LEVEL); the tool reports its errors itself.
            System.setProperty("ARTIE_LOG_LEVEL", "OFF");
            System.exit(MemoryTool.run(Arrays.asList(args).subList(1, args.length), Map.of(), System.out, System.err));
        }
        ServiceMain.run(CapabilitiesApplication.class, args);
    }
}
