package dev.artie.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.queue.IncomingMessage;
import dev.artie.shared.queue.ReplyMessage;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ReplyMailTest {

    /** A model that never stops would otherwise mail megabytes. */
    @Test
    void aHugeReplyIsCutAndSaysItWasShortened() throws Exception {
        ReplyMessage reply = IncomingMessage.create(
                        "email", "dave@example.com", "c-1", "hi", "artie:outgoing:email", Map.of())
                .reply("Artie goes on and on. ".repeat(100_000), false);

        MimeMessage mail = ReplyMail.of(reply, "artie@example.com", Session.getInstance(new Properties()));
        mail.saveChanges();

        String text = (String) mail.getContent();
        assertThat(text)
                .hasSizeLessThanOrEqualTo(ReplyMail.MAX_LENGTH)
                .startsWith("Artie goes on and on.")
                .endsWith("\n(reply shortened)");
    }

    @Test
    void aReplyThatFitsIsSentWhole() throws Exception {
        ReplyMessage reply = IncomingMessage.create(
                        "email", "dave@example.com", "c-1", "hi", "artie:outgoing:email", Map.of())
                .reply("Hello Dave.", false);

        assertThat(ReplyMail.of(reply, "artie@example.com", Session.getInstance(new Properties()))
                        .getContent())
                .isEqualTo("Hello Dave.");
    }
}
