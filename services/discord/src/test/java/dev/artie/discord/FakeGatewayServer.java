package dev.artie.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;

/**
 * A fake Discord gateway: a WebSocket server (hand-written on a plain socket, as the JDK has no WebSocket server and
 * the handful of frames needed here do not justify a server library next to JDA's own stack) that speaks enough of
 * the gateway protocol for JDA: HELLO, READY on IDENTIFY, RESUMED on RESUME, heartbeat ACKs, and the events a test
 * dispatches. Frames go out compressed as one zlib stream per connection, as Discord's {@code zlib-stream} does.
 */
final class FakeGatewayServer implements AutoCloseable {
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String GUILD = "500";
    static final String GUILD_CHANNEL = "700";
    /** A channel of the server where Artie may not read the history (so may not reply to a message). */
    static final String NO_HISTORY_CHANNEL = "701";

    private final ServerSocket server;
    private final List<String> opsReceived = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile Connection current;

    FakeGatewayServer() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("fake-gateway").start(this::acceptLoop);
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort();
    }

    /** Gateway opcodes JDA sent, in order ("2" IDENTIFY, "6" RESUME, "1" heartbeat, ...). */
    List<String> opsReceived() {
        return List.copyOf(opsReceived);
    }

    /** Sends an event (op 0) such as {@code MESSAGE_CREATE} to the connected client. */
    void dispatch(String type, String data) throws IOException {
        current.send("{\"op\":0,\"t\":\"%s\",\"s\":%d,\"d\":%s}".formatted(type, sequence.incrementAndGet(), data));
    }

    /** Drops the connection without a close frame, as a network failure would. */
    void dropConnection() throws IOException {
        current.socket.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            Connection connection = new Connection(socket);
            connection.handshake();
            current = connection;
            connection.send("{\"op\":10,\"d\":{\"heartbeat_interval\":41250}}");
            while (true) {
                String text = connection.readText();
                if (text == null) {
                    return;
                }
                JsonNode payload = JSON.readTree(text);
                String op = payload.get("op").asText();
                opsReceived.add(op);
                switch (op) {
                    case "1" -> connection.send("{\"op\":11}");
                    case "2" -> {
                        connection.send("{\"op\":0,\"t\":\"READY\",\"s\":%d,\"d\":%s}"
                                .formatted(sequence.incrementAndGet(), ready()));
                        connection.send("{\"op\":0,\"t\":\"GUILD_CREATE\",\"s\":%d,\"d\":%s}"
                                .formatted(sequence.incrementAndGet(), guild()));
                    }
                    case "6" ->
                        connection.send(
                                "{\"op\":0,\"t\":\"RESUMED\",\"s\":%d,\"d\":{}}".formatted(sequence.incrementAndGet()));
                    default -> {}
                }
            }
        } catch (IOException e) {
            // the client went away, or the test dropped the connection
        }
    }

    private String ready() {
        return """
                {"v":10,"user":{"id":"%s","username":"artie","discriminator":"0000","global_name":null,"avatar":null,
                 "bot":true,"flags":0},"guilds":[{"id":"%s","unavailable":true}],"private_channels":[],"session_id":"fake-session",
                 "resume_gateway_url":"%s","application":{"id":"%s","flags":0}}
                """.formatted(FakeDiscord.SELF_ID, GUILD, url(), FakeDiscord.SELF_ID);
    }

    /**
     * One server where everyone may view, send and read history (1024 + 2048 + 65536), with two text channels (the
     * second denies reading history), and Artie's own member (Discord always sends it).
     */
    private static String guild() {
        return """
                {"id":"%1$s","name":"Fake server","icon":null,"owner_id":"1","member_count":2,"large":false,"afk_timeout":300,
                 "premium_progress_bar_enabled":false,
                 "features":[],"emojis":[],"stickers":[],"voice_states":[],"threads":[],"presences":[],
                 "guild_scheduled_events":[],"stage_instances":[],"soundboard_sounds":[],
                 "roles":[{"id":"%1$s","name":"@everyone","permissions":"68608","position":0,"color":0,
                   "hoist":false,"managed":false,"mentionable":false,"flags":0,
                   "colors":{"primary_color":0,"secondary_color":null,"tertiary_color":null}}],
                 "channels":[{"id":"%2$s","type":0,"name":"general","position":0,"permission_overwrites":[],
                   "parent_id":null,"topic":null,"nsfw":false,"last_message_id":null,"rate_limit_per_user":0},
                  {"id":"%4$s","type":0,"name":"no-history","position":1,"parent_id":null,"topic":null,"nsfw":false,
                   "last_message_id":null,"rate_limit_per_user":0,
                   "permission_overwrites":[{"id":"%1$s","type":0,"allow":"0","deny":"65536"}]}],
                 "members":[{"user":{"id":"%3$s","username":"artie","discriminator":"0000","global_name":null,
                   "avatar":null,"bot":true},"roles":[],"joined_at":"2026-11-01T00:00:00.000000+00:00",
                   "deaf":false,"mute":false,"flags":0,"pending":false,"nick":null,
                   "premium_since":null,"communication_disabled_until":null}]}
                """.formatted(GUILD, GUILD_CHANNEL, FakeDiscord.SELF_ID, NO_HISTORY_CHANNEL);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Connection connection = current;
        if (connection != null) {
            connection.socket.close();
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        private final Deflater deflater = new Deflater();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        void handshake() throws IOException {
            String key = null;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase().startsWith("sec-websocket-key:")) {
                    key = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            String accept;
            try {
                accept = Base64.getEncoder()
                        .encodeToString(MessageDigest.getInstance("SHA-1")
                                .digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** One binary frame holding the JSON, deflated onto this connection's zlib stream and sync-flushed. */
        synchronized void send(String json) throws IOException {
            deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                compressed.write(buffer, 0, n);
            } while (n == buffer.length);
            byte[] payload = compressed.toByteArray();
            out.write(0x82);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length < 65536) {
                out.write(126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xff);
            } else {
                throw new IOException("frame too large for this fake");
            }
            out.write(payload);
            out.flush();
        }

        /** The next text message from the client (masked frames), or null when it closed. */
        String readText() throws IOException {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return null;
                }
                int opcode = first & 0x0f;
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((second & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if (opcode == 8) {
                    return null;
                }
                if (opcode == 1) {
                    return new String(payload, StandardCharsets.UTF_8);
                }
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
