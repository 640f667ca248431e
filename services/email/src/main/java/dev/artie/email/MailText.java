package dev.artie.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text a person wrote, from the first text part of a mail: text/plain preferred, HTML reduced to text when it
 * is all there is. Attachments are never downloaded. A mail of more than {@link #MAX_PARTS} MIME parts, or nested
 * deeper than {@link #MAX_DEPTH}, is not read at all ({@link TooComplex}): no person writes one, and walking a
 * crafted one would cost time and stack.
 */
final class MailText {
    static final int MAX_PARTS = 100;
    static final int MAX_DEPTH = 10;
    private static final Pattern BLOCK_END = Pattern.compile("(?i)<\\s*(br|/p|/div|/li|/tr|/h[1-6])\\s*/?>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern HIDDEN = Pattern.compile("(?is)<(style|script|head)[^>]*>.*?</\\1\\s*>");
    private static final Pattern QUOTE_BLOCK = Pattern.compile("(?is)<blockquote[^>]*>.*?</blockquote\\s*>");

    private MailText() {}

    /** A mail whose MIME structure is beyond the limits; its message says which limit, for the log and the sender. */
    static final class TooComplex extends Exception {
        TooComplex(String message) {
            super(message);
        }
    }

    /** The text, or an empty string when the mail has no text part. */
    static String of(Part part) throws MessagingException, IOException, TooComplex {
        TextParts found = new TextParts();
        walk(part, 0, false, found);
        String plain = firstText(found.plain);
        if (plain != null) {
            return plain;
        }
        String html = firstText(found.html);
        return html == null ? "" : htmlToText(html);
    }

    /** The text parts outside attachments, in the order they stand, and how many parts there are in all. */
    private static final class TextParts {
        final List<Part> plain = new ArrayList<>();
        final List<Part> html = new ArrayList<>();
        int parts;
    }

    /**
     * Walks the part tree once: every part counts against the limits (attachments too), and the text parts outside
     * attachments are noted; none is read yet.
     */
    private static void walk(Part part, int depth, boolean inAttachment, TextParts found)
            throws MessagingException, IOException, TooComplex {
        if (++found.parts > MAX_PARTS) {
            throw new TooComplex("it has more than " + MAX_PARTS + " MIME parts");
        }
        if (depth > MAX_DEPTH) {
            throw new TooComplex("its MIME parts are nested more than " + MAX_DEPTH + " deep");
        }
        boolean attachment = inAttachment || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
        if (part.isMimeType("text/plain")) {
            if (!attachment) {
                found.plain.add(part);
            }
        } else if (part.isMimeType("text/html")) {
            if (!attachment) {
                found.html.add(part);
            }
        } else if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), depth + 1, attachment, found);
            }
        }
    }

    /** The content of the first of {@code parts} that has text, or null. */
    private static String firstText(List<Part> parts) throws MessagingException, IOException {
        for (Part part : parts) {
            if (part.getContent() instanceof String text) {
                return text;
            }
        }
        return null;
    }

    static String htmlToText(String html) {
        String text = HIDDEN.matcher(html).replaceAll("");
        text = QUOTE_BLOCK.matcher(text).replaceAll("");
        text = BLOCK_END.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        return text.replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
