package dev.artie.email;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The text a person wrote, from the first text part of a mail: text/plain preferred, HTML reduced to text when it
 * is all there is. Attachments are never downloaded.
 */
final class MailText {
    private static final Pattern BLOCK_END = Pattern.compile("(?i)<\\s*(br|/p|/div|/li|/tr|/h[1-6])\\s*/?>");
    private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern HIDDEN = Pattern.compile("(?is)<(style|script|head)[^>]*>.*?</\\1\\s*>");
    private static final Pattern QUOTE_BLOCK = Pattern.compile("(?is)<blockquote[^>]*>.*?</blockquote\\s*>");

    private MailText() {
    }

    /** The text, or an empty string when the mail has no text part. */
    static String of(Part part) throws MessagingException, IOException {
        String plain = find(part, "text/plain");
        if (plain != null) {
            return plain;
        }
        String html = find(part, "text/html");
        return html == null ? "" : htmlToText(html);
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
