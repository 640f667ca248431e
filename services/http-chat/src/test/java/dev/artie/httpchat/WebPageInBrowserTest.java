package dev.artie.httpchat;

import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.StandInCapabilities;
import dev.artie.shared.queue.DeltaMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page in a real headless Chromium against a service with an API token: the first message is refused and
 * the page asks for the token; with it, the refused message is sent again and answered, and later ones go straight
 * through; a wrong token is asked for again. A conversation survives a reload (its id is in the URL fragment), a new
 * one starts empty with another id, and each can be reopened from the list or deleted. The browser's console must show no content-security-policy violation,
 * so the strict policy and the page agree. `.ci/run` installs Debian's chromium and chromium-driver (scripts/
 * test-prerequisites.sh); where neither can be found the test is skipped with a message. A streamed reply shows its
 * partial text while the reply is held back, and then the reply in its place. A reminder (a notice) is shown in
 * the conversation it was set in.
 */
class WebPageInBrowserTest {
    private static final String TOKEN = "browser-token-8d2e4b";
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();
    private static StandInCapabilities capabilities;
    private static EmbeddedServer server;
    private ChromeDriver browser;

    /** Released by the test once the page shows the partial text: the stand-in holds the reply back until then. */
    private static final CountDownLatch sawPartial = new CountDownLatch(1);
    private static RedisClient deltaClient;
    private static StatefulRedisConnection<String, String> deltaConnection;

    @BeforeAll
    static void start() {
        deltaClient = RedisClient.create(redis.url());
        deltaConnection = deltaClient.connect();
        StreamPublisher deltas = new StreamPublisher(deltaConnection.sync(), 10_000);
        MessageCodec codec = MessageCodec.standalone();
        capabilities = StandInCapabilities.keepingConversations(redis.url(), message -> {
            if (!message.text().equals("tell me a story")) {
                return "echo: " + message.text();
            }
            // as capabilities does for a channel that asked for partial replies (metadata deltas=true)
            assertThat(message.metadata()).containsEntry(Streams.DELTAS_METADATA, "true");
            deltas.publishDelta(message.id(), codec.encode(DeltaMessage.text(message.id(), 1, "Once upon")));
            try {
                sawPartial.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "Once upon a time, the end.";
        });
        server = ApplicationContext.run(EmbeddedServer.class, Map.of("redis.uri", redis.url(),
                "micronaut.server.port", -1, "artie.http.api-token", TOKEN, "artie.http.reply-timeout", "10s"));
    }

    @AfterAll
    static void stop() {
        server.stop();
        capabilities.close();
        deltaConnection.close();
        deltaClient.shutdown();
    }

    @BeforeEach
    void openBrowser() {
        Optional<Path> chromium = executable("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = executable("chromedriver");
        assumeTrue(chromium.isPresent() && driver.isPresent(),
                "no chromium and chromedriver on the PATH (scripts/test-prerequisites.sh installs them)");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.get().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageAsksForTheTokenOnceAndThenChatsWithIt() {
        browser.get(server.getURL() + "/");
        WebElement login = browser.findElement(By.id("login"));
        assertThat(login.isDisplayed()).as("no token asked for before the API says so").isFalse();

        say("hello browser");
        waitFor(() -> login.isDisplayed());
        assertThat(entries("error")).singleElement().asString().containsIgnoringCase("token");

        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.cssSelector("#login button")).click();
        waitFor(() -> entries("error").size() == 2 && login.isDisplayed());

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("#login button")).click();
        waitFor(() -> entries("artie").contains("echo: hello browser"));
        assertThat(login.isDisplayed()).isFalse();

        say("and again");
        waitFor(() -> entries("artie").contains("echo: and again"));
        assertThat(entries("error")).as("no new error once the token is known").hasSize(2);

        List<String> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage).toList();
        assertThat(console).noneMatch(line -> line.contains("Content Security Policy"));
    }

    @Test
    void aReloadReopensTheConversationAndItsTurnsAndTheListOpensAndDeletesThem() {
        browser.get(server.getURL() + "/");
        browser.executeScript("sessionStorage.setItem('artie.apiToken', arguments[0]);"
                + "localStorage.setItem('artie.userId', 'reloading-person');", TOKEN);
        browser.navigate().refresh();
        say("remember this across a reload");
        waitFor(() -> entries("artie").contains("echo: remember this across a reload"));
        String first = fragment();
        assertThat(first).startsWith("c-");

        browser.navigate().refresh();
        waitFor(() -> entries("artie").contains("echo: remember this across a reload"));
        assertThat(fragment()).isEqualTo(first);
        assertThat(entries("person")).containsExactly("remember this across a reload");
        waitFor(() -> titles().equals(List.of("remember this across a reload")));

        browser.findElement(By.id("new-conversation")).click();
        waitFor(() -> !fragment().equals(first) && entries("person").isEmpty());
        String second = fragment();
        say("a second conversation");
        waitFor(() -> titles().equals(List.of("a second conversation", "remember this across a reload")));

        browser.findElements(By.cssSelector("#conversation-list .open")).get(1).click();
        waitFor(() -> fragment().equals(first) && entries("person").equals(List.of("remember this across a reload")));

        browser.findElements(By.cssSelector("#conversation-list .delete")).get(0).click(); // the second one
        waitFor(() -> titles().equals(List.of("remember this across a reload")));
        browser.navigate().refresh();
        waitFor(() -> titles().equals(List.of("remember this across a reload")));
        assertThat(fragment()).isEqualTo(first).isNotEqualTo(second);
        waitFor(() -> entries("artie").contains("echo: remember this across a reload"));
        assertThat(entries("error")).isEmpty();
    }

    private String fragment() {
        String url = browser.getCurrentUrl();
        int hash = url.indexOf('#');
        return hash < 0 ? "" : url.substring(hash + 1);
    }

    /** The titles in the conversation list, top first. */
    private List<String> titles() {
        return browser.findElements(By.cssSelector("#conversation-list .open")).stream().map(WebElement::getText)
                .toList();
    }

    @Test
    void theReplyGrowsOnThePageBeforeItEnds() {
        browser.get(server.getURL() + "/");
        browser.executeScript("sessionStorage.setItem('artie.apiToken', arguments[0]);", TOKEN);
        say("tell me a story");
        waitFor(() -> entries("streaming").contains("Once upon"));
        assertThat(entries("artie")).as("the reply has not come yet").containsExactly("Once upon");
        sawPartial.countDown();

        waitFor(() -> entries("artie").contains("Once upon a time, the end."));
        assertThat(entries("artie")).as("the reply replaces the partial text, shown once")
                .containsExactly("Once upon a time, the end.");
        assertThat(entries("streaming")).isEmpty();
        assertThat(entries("error")).isEmpty();
    }

    @Test
    void aReminderIsShownInItsConversationOnce() {
        browser.get(server.getURL() + "/#c-reminded");
        browser.executeScript("sessionStorage.setItem('artie.apiToken', arguments[0]);"
                + "localStorage.setItem('artie.userId', 'reminded-person');", TOKEN);
        String occurrence = "reminder:r1:" + System.currentTimeMillis();
        ReplyMessage reminder = new ReplyMessage(ReplyMessage.VERSION, ReplyMessage.TYPE, UUID.randomUUID().toString(),
                occurrence, occurrence, "http", "reminded-person", "c-reminded", "Reminder: stretch", Instant.now(),
                false, Map.of("reminder", "r1"), Instant.now());
        new StreamPublisher(deltaConnection.sync(), 10_000).publish(Streams.outgoing("http"),
                MessageCodec.standalone().encode(reminder));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> deltaConnection.sync().exists("artie:http:notices:reminded-person") == 1);

        browser.navigate().refresh();
        waitFor(() -> entries("notice").equals(List.of("Reminder: stretch")));
        assertThat(deltaConnection.sync().exists("artie:http:notices:reminded-person")).as("handed out").isZero();
        assertThat(entries("error")).isEmpty();
    }

    private void say(String message) {
        WebElement input = browser.findElement(By.id("message"));
        input.sendKeys(message);
        browser.findElement(By.id("send")).click();
    }

    /** The texts of the conversation's entries of one kind ("person", "artie", "error"). */
    private List<String> entries(String kind) {
        return browser.findElements(By.cssSelector("#log li." + kind)).stream().map(WebElement::getText).toList();
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(15)).alias("the page shows; errors on it: " + entries("error") + ", artie: "
                + entries("artie")).until(condition::getAsBoolean);
    }

    private static Optional<Path> executable(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
