package dev.artie.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises mail no person wrote (RFC 3834 auto-replies, vacation notices, bounces, bulk and list mail).
 * Answering those is how two robots end up mailing each other forever.
 */
final class AutoReplies {
    private static final Set<String> BULK_PRECEDENCE = Set.of("bulk", "list", "junk", "auto_reply");
    private static final Set<String> ROBOT_SENDERS = Set.of(
            "mailer-daemon", "postmaster", "no-reply", "noreply", "do-not-reply", "donotreply", "bounce", "bounces");

    private AutoReplies() {}

    /** Why the mail must not be answered, or empty when a person wrote it. */
    static Optional<String> reason(Part mail, String senderAddress) throws MessagingException {
        String autoSubmitted = first(mail, "Auto-Submitted");
        if (autoSubmitted != null
                && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
            return Optional.of("Auto-Submitted: " + autoSubmitted.trim());
        }
        String precedence = first(mail, "Precedence");
        if (precedence != null && BULK_PRECEDENCE.contains(precedence.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of("Precedence: " + precedence.trim());
        }
        for (String header : new String[] {"X-Autoreply", "X-Autorespond"}) {
            if (first(mail, header) != null) {
                return Optional.of(header + " header");
            }
        }
        String localPart = senderAddress
                .substring(0, Math.max(0, senderAddress.indexOf('@')))
                .toLowerCase(Locale.ROOT);
        if (ROBOT_SENDERS.contains(localPart) || localPart.startsWith("no-reply") || localPart.startsWith("noreply")) {
            return Optional.of("sender " + senderAddress);
        }
        String returnPath = first(mail, "Return-Path");
        if (returnPath != null && returnPath.trim().equals("<>")) {
            return Optional.of("empty Return-Path (a bounce)");
        }
        return Optional.empty();
    }

    private static String first(Part mail, String header) throws MessagingException {
        String[] values = mail.getHeader(header);
        return values == null || values.length == 0 ? null : values[0];
    }
}
