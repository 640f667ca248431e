package dev.artie.email;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

import java.io.IOException;
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

    private MailText() {
    }

    /** A mail whose MIME structure is beyond the limits; its message says which limit, for the log and the sender. */
    static final class TooComplex extends Exception {
        TooComplex(String message) {
            super(message);
        }
    }

    /** The text, or an empty string when the mail has no text part. */
    static String of(Part part) throws MessagingException, IOException, TooComplex {
        checkStructure(part, 0, new int[1]);
        String plain = find(part, "text/plain");
        if (plain != null) {
            return plain;
        }
        String html = find(part, "text/html");
        return html == null ? "" : htmlToText(html);
    }

    /** Walks the part tree once, counting, before any text is looked for. */
    private static void checkStructure(Part part, int depth, int[] parts) throws MessagingException, IOException, TooComplex {
        if (++parts[0] > MAX_PARTS) {
            throw new TooComplex("it has more than " + MAX_PARTS + " MIME parts");
        }
        if (depth > MAX_DEPTH) {
            throw new TooComplex("its MIME parts are nested more than " + MAX_DEPTH + " deep");
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                checkStructure(multipart.getBodyPart(i), depth + 1, parts);
            }
        }
    }

    private static String find(Part part, String type) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return null;
        }
        if (part.isMimeType(type)) {
            Object content = part.getContent();
            return content instanceof String text ? text : null;
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = find(child, type);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    static String htmlToText(String html) {
        String text = HIDDEN.matcher(html).replaceAll("");
        text = QUOTE_BLOCK.matcher(text).replaceAll("");
        text = BLOCK_END.matcher(text).replaceAll("\n");
        text = TAG.matcher(text).replaceAll("");
        return text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
