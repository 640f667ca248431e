package dev.artie.email;

import jakarta.inject.Singleton;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.time.Duration;
import java.util.Properties;

/** Jakarta Mail sessions for the two servers, with time-outs everywhere so no call can hang the service. */
@Singleton
class MailSessions {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration MIN_READ_TIMEOUT = Duration.ofSeconds(60);

    private final EmailSettings settings;
    private final Session imap;
    private final Session smtp;

    MailSessions(EmailSettings settings) {
        this.settings = settings;
        this.imap = Session.getInstance(imapProperties(settings));
        this.smtp = Session.getInstance(smtpProperties(settings));
    }

    Store connectImap() throws MessagingException {
        Store store = imap.getStore(imapProtocol());
        store.connect(settings.imapHost(), settings.imapPort(), settings.username(), settings.password());
        return store;
    }

    Session smtp() {
        return smtp;
    }

    void send(Message message) throws MessagingException {
        Transport.send(message, settings.username(), settings.password());
    }

    private String imapProtocol() {
        return settings.tls() ? "imaps" : "imap";
    }

    private static Properties imapProperties(EmailSettings settings) {
        String p = "mail." + (settings.tls() ? "imaps" : "imap") + ".";
        // A read blocks for a whole IDLE, which the inbox ends after each poll interval; the time-out must be longer.
        Duration readTimeout = settings.pollInterval().multipliedBy(2).compareTo(MIN_READ_TIMEOUT) > 0
                ? settings.pollInterval().multipliedBy(2)
                : MIN_READ_TIMEOUT;
        Properties props = new Properties();
        props.put(p + "host", settings.imapHost());
        props.put(p + "port", Integer.toString(settings.imapPort()));
        props.put(p + "connectiontimeout", Long.toString(CONNECT_TIMEOUT.toMillis()));
        props.put(p + "timeout", Long.toString(readTimeout.toMillis()));
        props.put(p + "writetimeout", Long.toString(CONNECT_TIMEOUT.toMillis()));
        // Reading a mail must not mark it \Seen: that happens only once it is safely queued.
        props.put(p + "peek", "true");
        if (settings.tls()) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    private static Properties smtpProperties(EmailSettings settings) {
        Properties props = new Properties();
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.smtp.host", settings.smtpHost());
        props.put("mail.smtp.port", Integer.toString(settings.smtpPort()));
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.connectiontimeout", Long.toString(CONNECT_TIMEOUT.toMillis()));
        props.put("mail.smtp.timeout", Long.toString(MIN_READ_TIMEOUT.toMillis()));
        props.put("mail.smtp.writetimeout", Long.toString(MIN_READ_TIMEOUT.toMillis()));
        if (settings.tls() && settings.smtpPort() == 465) {
            props.put("mail.smtp.ssl.enable", "true");
            props.put("mail.smtp.ssl.checkserveridentity", "true");
        } else if (settings.tls()) {
            // Required, not opportunistic: the password must never cross the network in the clear.
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
            props.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        return props;
    }
}
