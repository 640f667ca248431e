package dev.artie.email;

import dev.artie.shared.queue.Backoff;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Artie's inbox: takes every unseen mail, then waits for the next one with IMAP IDLE when the server has it
 * (each IDLE ended after the poll interval, so a silently dropped connection is noticed) or by polling. One loop on
 * one thread; a lost connection is re-opened with back-off. Only one instance may run (docs/architecture.md); when
 * two overlap for a moment (a rolling update), a mail one of them is taking is left to it ({@link MailIntake}).
 */
@Context
class Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);
    private static final Backoff RECONNECT = Backoff.exact(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** How soon mail that could not be queued (Redis away) is tried again. */
    private static final Duration QUEUE_RETRY = Duration.ofSeconds(5);

    private final MailSessions sessions;
    private final MailIntake intake;
    private final EmailSettings settings;
    private final ScheduledExecutorService idleBreaker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("imap-idle-breaker").factory());
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Thread loop;
    private volatile IMAPFolder current;
    private volatile String state = "connecting";
    private volatile boolean connected;

    Inbox(MailSessions sessions, MailIntake intake, EmailSettings settings) {
        this.sessions = sessions;
        this.intake = intake;
        this.settings = settings;
    }

    @PostConstruct
    void start() {
        loop = Thread.ofVirtual().name("imap-inbox").start(this::run);
    }

    boolean isConnected() {
        return connected;
    }

    /** What the loop is doing, for /health; never contains credentials. */
    String state() {
        return state;
    }

    private void run() {
        int failures = 0;
        while (!isStopping()) {
            try (Store store = sessions.connectImap()) {
                IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                current = inbox;
                boolean idle = settings.idle() && ((IMAPStore) store).hasCapability("IDLE");
                connected = true;
                state = idle ? "connected, waiting with IDLE" : "connected, polling every " + settings.pollInterval();
                LOG.info(
                        "reading INBOX of {} on {}:{} ({})",
                        settings.address(),
                        settings.imapHost(),
                        settings.imapPort(),
                        idle ? "IDLE" : "polling");
                failures = 0;
                while (!isStopping()) {
                    int taken = takeUnseen(inbox);
                    if (taken < 0) {
                        stopping.await(
                                Math.min(
                                        QUEUE_RETRY.toMillis(),
                                        settings.pollInterval().toMillis()),
                                TimeUnit.MILLISECONDS);
                    } else if (taken > 0) {
                        // Look again before waiting: mail that arrived during the pass raises no IDLE event.
                        continue;
                    } else if (idle) {
                        idleOnce(inbox);
                    } else {
                        stopping.await(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                current = null;
                inbox.close(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                current = null;
                connected = false;
                if (isStopping()) {
                    return;
                }
                state = "reconnecting after: " + describe(e);
                Duration backoff = RECONNECT.delay(++failures);
                LOG.warn("IMAP inbox failed ({}); reconnecting in {}", describe(e), backoff);
                try {
                    if (stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } finally {
                connected = false;
            }
        }
    }

    /**
     * Takes every unseen mail; returns how many, or -1 when some are left for a retry (the queue failed, or another
     * instance is taking them).
     */
    private int takeUnseen(IMAPFolder inbox) throws Exception {
        Message[] unseen = inbox.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        if (unseen.length == 0) {
            return 0;
        }
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.SIZE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        inbox.fetch(unseen, profile);
        boolean someLeft = false;
        for (Message mail : unseen) {
            if (isStopping()) {
                return 0;
            }
            try {
                someLeft |= !intake.take(mail);
            } catch (RuntimeException e) {
                // The queue is unreachable: the mail stays unseen and is tried again shortly.
                LOG.warn("could not queue a mail ({}); it stays unseen and is retried in {}", describe(e), QUEUE_RETRY);
                return -1;
            }
        }
        return someLeft ? -1 : unseen.length;
    }

    /** One IDLE, ended by new mail or, at the latest, after the poll interval (by a NOOP from another thread). */
    private void idleOnce(IMAPFolder inbox) throws MessagingException {
        ScheduledFuture<?> wake = idleBreaker.schedule(
                () -> breakIdle(inbox), settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        try {
            inbox.idle(true);
        } finally {
            wake.cancel(false);
        }
    }

    private static void breakIdle(IMAPFolder inbox) {
        try {
            // Any command on the folder ends its IDLE: Jakarta Mail sends DONE first.
            inbox.doCommand(protocol -> {
                protocol.noop();
                return null;
            });
        } catch (MessagingException | IllegalStateException e) {
            LOG.debug("could not end IDLE: {}", e.getMessage());
        }
    }

    private boolean isStopping() {
        return stopping.getCount() == 0;
    }

    private static String describe(Exception e) {
        // Exception messages of Jakarta Mail name hosts and users, never passwords.
        String message = e.getMessage();
        return e.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping.countDown();
        IMAPFolder folder = current;
        if (folder != null) {
            breakIdle(folder);
        }
        Thread thread = loop;
        if (thread != null && !thread.join(STOP_GRACE)) {
            LOG.warn("IMAP inbox still busy after {}; unseen mail is taken on the next start", STOP_GRACE);
            thread.interrupt();
        }
        idleBreaker.shutdownNow();
    }
}
