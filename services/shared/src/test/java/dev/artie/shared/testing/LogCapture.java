package dev.artie.shared.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Every log event of this JVM while it is open: all loggers (libraries too), with Artie's own at DEBUG, so a test
 * can look for a line or search all of them for a secret. A line is "LEVEL logger message {mdc}" plus the stack
 * trace.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger root =
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger artie = root.getLoggerContext().getLogger("dev.artie");
    private final Level artieLevel = artie.getLevel();

    public LogCapture() {
        setContext(root.getLoggerContext());
        setName("capture");
        start();
        root.addAppender(this);
        artie.setLevel(Level.DEBUG);
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
        events.add(event);
    }

    public List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    public List<String> lines() {
        return events.stream()
                .map(event -> event.getLevel() + " " + event.getLoggerName() + " "
                        + event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                        + (event.getThrowableProxy() == null
                                ? ""
                                : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())))
                .toList();
    }

    public String all() {
        return String.join("\n", lines());
    }

    @Override
    public void close() {
        root.detachAppender(this);
        artie.setLevel(artieLevel);
        stop();
    }
}
