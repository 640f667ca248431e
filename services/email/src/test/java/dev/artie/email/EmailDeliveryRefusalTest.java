package dev.artie.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.artie.shared.queue.DeadLetter;
import dev.artie.shared.queue.DeadLetters;
import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13 item 14 for mail: the outgoing SMTP server is the outside provider, here a small one of the test's own
 * that refuses one recipient for good (550) and another twice for now (451). A 5xx is dead-lettered at once with the
 * server's reason; a 4xx is retried until the mail goes out, once. (GreenMail serves the IMAP side the service needs.)
 */
class EmailDeliveryRefusalTest {
    private static final String GONE = "gone@example.net";
    private static final String BUSY = "busy@example.net";

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    private final Map<String, AtomicInteger> recipientAttempts = new ConcurrentHashMap<>();
    private final List<String> deliveredTo = new CopyOnWriteArrayList<>();
    private ServerSocket smtp;
    private Thread smtpThread;
    private EmbeddedServer service;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private DeadLetters deadLetters;

    @BeforeEach
    void start() throws IOException {
        mail.setUser("artie@example.com", "artie", "artie-pw");
        smtp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        smtpThread = Thread.ofPlatform().daemon(true).start(this::serveSmtp);
        client = RedisClient.create(redis.url());
        connection = client.connect();
        connection.sync().flushall();
        deadLetters = new DeadLetters(connection.sync(), new StreamPublisher(connection.sync(), 10_000));
        service = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "redis.uri",
                        redis.url(),
                        "micronaut.server.port",
                        -1,
                        "artie.email.imap-host",
                        "localhost",
                        "artie.email.imap-port",
                        mail.getImap().getPort(),
                        "artie.email.smtp-host",
                        "localhost",
                        "artie.email.smtp-port",
                        smtp.getLocalPort(),
                        "artie.email.username",
                        "artie",
                        "artie.email.password",
                        "artie-pw",
                        "artie.email.address",
                        "artie@example.com",
                        "artie.email.tls",
                        false));
    }

    @AfterEach
    void stop() throws IOException {
        service.stop();
        smtp.close();
        connection.close();
        client.shutdown();
    }

    @Test
    void aPermanentRefusalIsDeadLetteredAtOnceWithTheReasonAndATemporaryOneIsRetried() {
        publishReply(GONE, "to a mailbox that no longer exists");
        publishReply(BUSY, "to a server that is busy for a while");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> deliveredTo.contains(BUSY)
                        && deadLetters.count() == 1
                        && connection
                                        .sync()
                                        .xpending(Streams.outgoing("email"), "email")
                                        .getCount()
                                == 0);

        DeadLetter letter = deadLetters.list(1).getFirst();
        assertThat(letter.reason()).startsWith("refused: ").contains("550").contains("no such mailbox");
        assertThat(letter.attempts()).isEqualTo(1);
        assertThat(recipientAttempts.get(GONE).get()).isEqualTo(1);
        assertThat(recipientAttempts.get(BUSY).get()).isEqualTo(3);
        assertThat(deliveredTo).containsExactly(BUSY);
    }

    private void publishReply(String address, String text) {
        IncomingMessage incoming = IncomingMessage.create(
                "email",
                address,
                "<m-" + address + ">",
                "a question",
                Streams.outgoing("email"),
                Map.of(
                        MailIntake.REPLY_TO,
                        address,
                        MailIntake.SUBJECT,
                        "Hello",
                        MailIntake.MESSAGE_ID,
                        "<m-" + address + ">"));
        new StreamPublisher(connection.sync(), 10_000)
                .publish(Streams.outgoing("email"), MessageCodec.standalone().encode(incoming.reply(text, false)));
    }

    /** Just enough SMTP: 550 for {@link #GONE}, 451 for the first two tries to {@link #BUSY}, 250 for the rest. */
    private void serveSmtp() {
        while (!smtp.isClosed()) {
            try (Socket socket = smtp.accept();
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                    PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                reply(out, "220 refusing.example.net ESMTP");
                String recipient = null;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String command = line.toUpperCase(java.util.Locale.ROOT);
                    if (command.startsWith("EHLO")) {
                        reply(out, "250-refusing.example.net\r\n250 AUTH PLAIN");
                    } else if (command.equals("AUTH PLAIN")) {
                        reply(out, "334 ");
                        in.readLine();
                        reply(out, "235 2.7.0 accepted");
                    } else if (command.startsWith("AUTH")) {
                        reply(out, "235 2.7.0 accepted");
                    } else if (command.startsWith("RCPT TO:")) {
                        recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        int attempt = recipientAttempts
                                .computeIfAbsent(recipient, r -> new AtomicInteger())
                                .incrementAndGet();
                        if (recipient.equals(GONE)) {
                            reply(out, "550 5.1.1 <" + GONE + ">: no such mailbox");
                        } else if (recipient.equals(BUSY) && attempt <= 2) {
                            reply(out, "451 4.3.0 busy, try again later");
                        } else {
                            reply(out, "250 2.1.5 ok");
                        }
                    } else if (command.equals("DATA")) {
                        reply(out, "354 go ahead");
                        for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                            // the mail itself is not looked at
                        }
                        deliveredTo.add(recipient);
                        reply(out, "250 2.0.0 queued");
                    } else if (command.equals("QUIT")) {
                        reply(out, "221 bye");
                        break;
                    } else {
                        reply(out, "250 ok"); // MAIL FROM, RSET, NOOP
                    }
                }
            } catch (IOException e) {
                // closed by the test, or the client went away; take the next connection
            }
        }
    }

    private static void reply(PrintWriter out, String text) {
        out.print(text + "\r\n");
        out.flush();
    }
}
