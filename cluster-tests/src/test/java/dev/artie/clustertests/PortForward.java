package dev.artie.clustertests;

import dev.artie.operator.it.KubeCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `kubectl port-forward` to a Service or pod, on a free local port, for as long as it is open. */
public final class PortForward implements AutoCloseable {
    private static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) ->");

    private final Process process;
    private final int localPort;

    private PortForward(Process process, int localPort) {
        this.process = process;
        this.localPort = localPort;
    }

    static PortForward open(KubeCommands commands, String namespace, String target, int port) {
        Process process;
        try {
            process = new ProcessBuilder(
                            commands.binary("kubectl").toString(),
                            "--kubeconfig",
                            commands.kubeconfig().toString(),
                            "port-forward",
                            "-n",
                            namespace,
                            "--address",
                            "127.0.0.1",
                            target,
                            ":" + port)
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var seen = new StringBuilder();
        CompletableFuture<Integer> port0 = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    Matcher m = FORWARDING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                return -1;
            } catch (IOException e) {
                return -1;
            }
        });
        int local;
        try {
            local = port0.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            local = -1;
        }
        if (local < 0) {
            process.destroyForcibly();
            throw new IllegalStateException(
                    "kubectl port-forward " + target + " in " + namespace + " failed:\n" + seen);
        }
        // Keep reading, or kubectl blocks on a full pipe once it logs each connection.
        Thread.ofVirtual().start(() -> {
            try {
                reader.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return new PortForward(process, local);
    }

    public int localPort() {
        return localPort;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + localPort + path;
    }

    @Override
    public void close() {
        process.destroy();
    }
}
