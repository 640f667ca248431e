package dev.artie.httpchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.artie.shared.queue.DeltaMessage;
import dev.artie.shared.queue.MessageCodec;
import dev.artie.shared.queue.ReplyMessage;
import dev.artie.shared.queue.StreamPublisher;
import dev.artie.shared.queue.Streams;
import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.StandInCapabilities;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web page in a real headless Chromium against a service with an API token: the first message is refused and
 * the page asks for the token; with it, the refused message is sent again and answered, and later ones go straight
 * through; a wrong token is asked for again. A conversation survives a reload (its id is in the URL fragment), a new
 * one starts empty with another id, and each can be reopened from the list or deleted. The browser's console must show no content-security-policy violation,
 * so the strict policy and the page agree ({@link ChatPage} says where the browser comes from). A streamed reply shows its
 * partial text while the reply is held back, and then the reply in its place. A reminder (a notice) is shown in
 * the conversation it was set in.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebPageInBrowserTest implements TestPropertyProvider {
    private static final String TOKEN = "browser-token-8d2e4b";

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static StandInCapabilities capabilities;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return ChatApi.settings(redis.url(), "10s", "artie.http.api-token", TOKEN);
    }

    private ChatPage page;
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
    }

    @AfterAll
    static void stop() {
        capabilities.close();
        deltaConnection.close();
        deltaClient.shutdown();
    }

    @BeforeEach
    void openBrowser() {
        page = ChatPage.open();
        browser = page.browser;
    }

    @AfterEach
    void closeBrowser() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void thePageAsksForTheTokenOnceAndThenChatsWithIt() {
        browser.get(server.getURL() + "/");
        WebElement login = browser.findElement(By.id("login"));
        assertThat(login.isDisplayed())
                .as("no token asked for before the API says so")
                .isFalse();

        page.say("hello browser");
        page.waitFor(() -> login.isDisplayed());
        assertThat(page.entries("error")).singleElement().asString().containsIgnoringCase("token");

        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.cssSelector("#login button")).click();
        page.waitFor(() -> page.entries("error").size() == 2 && login.isDisplayed());

        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("#login button")).click();
        page.waitFor(() -> page.entries("artie").contains("echo: hello browser"));
        assertThat(login.isDisplayed()).isFalse();

        page.say("and again");
        page.waitFor(() -> page.entries("artie").contains("echo: and again"));
        assertThat(page.entries("error"))
                .as("no new error once the token is known")
                .hasSize(2);

        assertThat(page.console()).noneMatch(line -> line.contains("Content Security Policy"));
    }

    @Test
    void aReloadReopensTheConversationAndItsTurnsAndTheListOpensAndDeletesThem() {
        browser.get(server.getURL() + "/");
        browser.executeScript(
                "sessionStorage.setItem('artie.apiToken', arguments[0]);"
                        + "localStorage.setItem('artie.userId', 'reloading-person');",
                TOKEN);
        browser.navigate().refresh();
        page.say("remember this across a reload");
        page.waitFor(() -> page.entries("artie").contains("echo: remember this across a reload"));
        String first = fragment();
        assertThat(first).startsWith("c-");

        browser.navigate().refresh();
        page.waitFor(() -> page.entries("artie").contains("echo: remember this across a reload"));
        assertThat(fragment()).isEqualTo(first);
        assertThat(page.entries("person")).containsExactly("remember this across a reload");
        page.waitFor(() -> page.titles().equals(List.of("remember this across a reload")));

        browser.findElement(By.id("new-conversation")).click();
        page.waitFor(() -> !fragment().equals(first) && page.entries("person").isEmpty());
        String second = fragment();
        page.say("a second conversation");
        page.waitFor(() -> page.titles().equals(List.of("a second conversation", "remember this across a reload")));

        browser.findElements(By.cssSelector("#conversation-list .open")).get(1).click();
        page.waitFor(() ->
                fragment().equals(first) && page.entries("person").equals(List.of("remember this across a reload")));

        browser.findElements(By.cssSelector("#conversation-list .delete"))
                .get(0)
                .click(); // the second one
        page.waitFor(() -> page.titles().equals(List.of("remember this across a reload")));
        browser.navigate().refresh();
        page.waitFor(() -> page.titles().equals(List.of("remember this across a reload")));
        assertThat(fragment()).isEqualTo(first).isNotEqualTo(second);
        page.waitFor(() -> page.entries("artie").contains("echo: remember this across a reload"));
        assertThat(page.entries("error")).isEmpty();
    }

    private String fragment() {
        String url = browser.getCurrentUrl();
        int hash = url.indexOf('#');
        return hash < 0 ? "" : url.substring(hash + 1);
    }

    @Test
    void theReplyGrowsOnThePageBeforeItEnds() {
        browser.get(server.getURL() + "/");
        browser.executeScript("sessionStorage.setItem('artie.apiToken', arguments[0]);", TOKEN);
        page.say("tell me a story");
        page.waitFor(() -> page.entries("streaming").contains("Once upon"));
        assertThat(page.entries("artie")).as("the reply has not come yet").containsExactly("Once upon");
        sawPartial.countDown();

        page.waitFor(() -> page.entries("artie").contains("Once upon a time, the end."));
        assertThat(page.entries("artie"))
                .as("the reply replaces the partial text, shown once")
                .containsExactly("Once upon a time, the end.");
        assertThat(page.entries("streaming")).isEmpty();
        assertThat(page.entries("error")).isEmpty();
    }

    @Test
    void aReminderIsShownInItsConversationOnce() {
        browser.get(server.getURL() + "/#c-reminded");
        browser.executeScript(
                "sessionStorage.setItem('artie.apiToken', arguments[0]);"
                        + "localStorage.setItem('artie.userId', 'reminded-person');",
                TOKEN);
        String occurrence = "reminder:r1:" + System.currentTimeMillis();
        ReplyMessage reminder = new ReplyMessage(
                ReplyMessage.VERSION,
                ReplyMessage.TYPE,
                UUID.randomUUID().toString(),
                occurrence,
                occurrence,
                "http",
                "reminded-person",
                "c-reminded",
                "Reminder: stretch",
                Instant.now(),
                false,
                Map.of("reminder", "r1"),
                Instant.now());
        new StreamPublisher(deltaConnection.sync(), 10_000)
                .publish(Streams.outgoing("http"), MessageCodec.standalone().encode(reminder));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> deltaConnection.sync().exists("artie:http:notices:reminded-person") == 1);

        browser.navigate().refresh();
        page.waitFor(() -> page.entries("notice").equals(List.of("Reminder: stretch")));
        assertThat(deltaConnection.sync().exists("artie:http:notices:reminded-person"))
                .as("handed out")
                .isZero();
        assertThat(page.entries("error")).isEmpty();
    }
}
