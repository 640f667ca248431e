package dev.artie.email;

import dev.artie.shared.channel.ReplyShortening;
import dev.artie.shared.queue.ReplyMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.util.Date;
import java.util.Map;

/** Builds the mail that carries Artie's reply, in the thread of the mail it answers. */
final class ReplyMail {
    /** Characters of a reply's text; a longer one ends with "(reply shortened)". */
    static final int MAX_LENGTH = 20_000;

    private ReplyMail() {}

    static MimeMessage of(ReplyMessage reply, String artieAddress, Session session) throws MessagingException {
        Map<String, String> metadata = reply.metadata();
        MimeMessage mail = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // Derived from the reply's id, so a resent reply carries the same Message-ID and clients merge it.
                setHeader("Message-ID", "<" + reply.id() + "@" + domainOf(artieAddress) + ">");
            }
        };
        mail.setFrom(new InternetAddress(artieAddress));
        mail.setRecipient(
                Message.RecipientType.TO,
                new InternetAddress(metadata.getOrDefault(MailIntake.REPLY_TO, reply.personId())));
        mail.setSubject(Threading.replySubject(metadata.get(MailIntake.SUBJECT)), "UTF-8");
        String inReplyTo = metadata.get(MailIntake.MESSAGE_ID);
        if (inReplyTo != null && !inReplyTo.isBlank()) {
            mail.setHeader("In-Reply-To", inReplyTo);
        }
        String references = metadata.get(MailIntake.REFERENCES);
        if (references != null && !references.isBlank()) {
            mail.setHeader("References", MimeUtility.fold("References: ".length(), references));
        }
        // RFC 3834: marks this as an automatic answer, so well-behaved robots (vacation notices) stay silent.
        mail.setHeader("Auto-Submitted", "auto-replied");
        mail.setSentDate(new Date());
        mail.setText(ReplyShortening.shorten(reply.text(), MAX_LENGTH), "UTF-8");
        return mail;
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "artie" : address.substring(at + 1);
    }
}
