package dev.artie.email;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a mail's {@code From:} is who sent it, by the verdict of the server that received it (docs/security.md,
 * "Email senders"). Anyone can write any {@code From:}; what a sender cannot forge is the
 * {@code Authentication-Results} header the receiving server puts on top of the mail. So the topmost such header
 * whose authserv-id is one of {@code ARTIE_EMAIL_TRUSTED_AUTHSERV_IDS} is read, and only it: headers further down
 * with the same id may be the sender's own inventions. The sender is verified when it shows {@code dmarc=pass} for
 * the {@code From:} domain ({@code header.from}), or {@code dkim=pass} signed by that domain or a parent of it
 * ({@code header.d}, or the domain of {@code header.i}).
 */
@Singleton
class SenderCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SenderCheck.class);
    static final String HEADER = "Authentication-Results";

    private final Set<String> trustedIds;

    SenderCheck(EmailSettings settings) {
        this.trustedIds = settings.trustedAuthservIds().stream()
                .map(String::strip)
                .filter(id -> !id.isEmpty())
                .map(id -> id.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    @PostConstruct
    void warnWhenNothingIsTrusted() {
        if (trustedIds.isEmpty()) {
            LOG.warn("ARTIE_EMAIL_TRUSTED_AUTHSERV_IDS is not set: no sender can be verified, so every mail is answered"
                    + " without memories (docs/security.md, \"Email senders\")");
        }
    }

    /** True when {@code mail}'s receiving server vouches that {@code sender} (its one From: address) sent it. */
    boolean verified(Message mail, String sender) throws MessagingException {
        if (trustedIds.isEmpty() || mail.getFrom() == null || mail.getFrom().length != 1) {
            return false;
        }
        String domain = sender.substring(sender.lastIndexOf('@') + 1);
        return receivingServersVerdict(mail.getHeader(HEADER))
                .map(verdict -> vouchesFor(verdict, domain))
                .orElse(false);
    }

    /** The topmost header from a trusted authserv-id (headers are listed top first). */
    private Optional<AuthenticationResults> receivingServersVerdict(String[] headers) {
        if (headers == null) {
            return Optional.empty();
        }
        for (String header : headers) {
            Optional<AuthenticationResults> parsed = AuthenticationResults.parse(header);
            if (parsed.isPresent() && trustedIds.contains(parsed.get().authservId())) {
                return parsed;
            }
        }
        return Optional.empty();
    }

    private static boolean vouchesFor(AuthenticationResults verdict, String fromDomain) {
        for (AuthenticationResults.Result result : verdict.results()) {
            if (!result.result().equals("pass")) {
                continue;
            }
            if (result.method().equals("dmarc") && fromDomain.equalsIgnoreCase(result.property("header.from"))) {
                return true;
            }
            if (result.method().equals("dkim")
                    && (aligned(result.property("header.d"), fromDomain)
                            || aligned(domainOf(result.property("header.i")), fromDomain))) {
                return true;
            }
        }
        return false;
    }

    /** The signing domain is the From: domain or a parent of it (DMARC's relaxed alignment, without suffix lists). */
    private static boolean aligned(String signingDomain, String fromDomain) {
        if (signingDomain == null || signingDomain.isBlank() || !signingDomain.contains(".")) {
            return false;
        }
        String signer = signingDomain.toLowerCase(Locale.ROOT);
        String from = fromDomain.toLowerCase(Locale.ROOT);
        return from.equals(signer) || from.endsWith("." + signer);
    }

    private static String domainOf(String identity) {
        return identity == null ? null : identity.substring(identity.lastIndexOf('@') + 1);
    }
}
