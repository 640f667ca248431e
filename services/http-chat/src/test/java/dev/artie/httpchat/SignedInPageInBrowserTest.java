package dev.artie.httpchat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.StandInCapabilities;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The page with {@code ARTIE_HTTP_AUTH=oidc} in a real headless Chromium, signing in at a real OIDC issuer
 * (mock-oauth2-server, which signs in whoever comes without asking, as an issuer with a live session does): the page
 * goes to the issuer, comes back with a code, exchanges it with its PKCE verifier, and chats as the token's subject.
 * Two people in turn each see only their own conversations; the token is in no storage of the page.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedInPageInBrowserTest implements TestPropertyProvider {
    private static final String ISSUER_ID = "people";
    private static final String AUDIENCE = "artie-api";

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final MockOAuth2Server issuer = new MockOAuth2Server();
    private static StandInCapabilities capabilities;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        // The issuer runs before the service starts: its address is one of the settings.
        issuer.start(InetAddress.getLoopbackAddress(), 0);
        return ChatApi.oidcSettings(redis.url(), issuer.issuerUrl(ISSUER_ID).toString(), AUDIENCE, "artie-page");
    }

    private ChatPage page;

    @BeforeAll
    static void start() {
        capabilities = StandInCapabilities.keepingConversations(
                redis.url(), message -> "hello " + message.personId() + ", you said: " + message.text());
    }

    @AfterAll
    static void stop() {
        capabilities.close();
        issuer.shutdown();
    }

    @AfterEach
    void closeBrowser() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void eachPersonSignsInAtTheIssuerAndSeesOnlyTheirOwnConversations() {
        page = ChatPage.open();
        signInAs("ann-3f");
        page.say("ann's secret plan");
        page.waitFor(() -> page.entries("artie").contains("hello ann-3f, you said: ann's secret plan"));
        page.waitFor(() -> page.titles().equals(List.of("ann's secret plan")));
        assertThat(page.browser.findElement(By.id("identity")).isDisplayed())
                .as("no self-asserted name")
                .isFalse();
        assertThat(page.browser.findElement(By.id("signed-in")).getText()).isEqualTo("Signed in as ann-3f");
        String conversation = page.browser.getCurrentUrl().replaceFirst("^[^#]*#", "");
        assertThat(page.browser.getCurrentUrl())
                .as("the code is gone from the address")
                .doesNotContain("code=");
        assertThat((String) page.browser.executeScript(
                        "return JSON.stringify(sessionStorage) + JSON.stringify(" + "localStorage)"))
                .as("the token is kept in memory only")
                .doesNotContain("eyJ");
        assertThat(page.console()).noneMatch(line -> line.contains("Content Security Policy"));

        page.close();
        page = ChatPage.open();
        signInAs("bob-9a");
        page.browser.get(server.getURL() + "/#" + conversation);
        page.waitFor(
                () -> page.browser.findElement(By.id("signed-in")).getText().equals("Signed in as bob-9a"));
        page.say("bob was here");
        page.waitFor(() -> page.entries("artie").contains("hello bob-9a, you said: bob was here"));
        page.waitFor(() -> page.titles().equals(List.of("bob was here")));
        assertThat(page.entries("person"))
                .as("ann's turns in ann's conversation id are not shown to bob")
                .containsExactly("bob was here");
        assertThat(capabilities.received())
                .filteredOn(m -> m.text().equals("bob was here"))
                .singleElement()
                .satisfies(m -> assertThat(m.personId()).isEqualTo("bob-9a"));
        assertThat(page.entries("error")).isEmpty();
    }

    /**
     * The sign-in runs out before the person sends: the message refused with it goes along to the issuer and is sent
     * once they are back, once, in the conversation they were in.
     */
    @Test
    void aMessageRefusedForAnExpiredSignInIsSentOnceSignedInAgain() {
        page = ChatPage.open();
        issuer.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER_ID, "cy-7", "JWT", List.of(AUDIENCE), Map.of(), -300));
        page.browser.get(server.getURL() + "/");
        page.waitFor(
                () -> page.browser.findElement(By.id("signed-in")).getText().equals("Signed in as cy-7"));
        String conversation = page.browser.getCurrentUrl().replaceFirst("^[^#]*#", "");
        issuer.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER_ID, "cy-7", "JWT", List.of(AUDIENCE), Map.of(), 3600));

        page.say("remember the milk");

        page.waitFor(() -> page.entries("artie").contains("hello cy-7, you said: remember the milk"));
        assertThat(page.entries("person")).containsExactly("remember the milk");
        assertThat(page.browser.getCurrentUrl()).endsWith("#" + conversation);
        assertThat(capabilities.received())
                .filteredOn(m -> m.text().equals("remember the milk"))
                .singleElement()
                .satisfies(m -> assertThat(m.personId()).isEqualTo("cy-7"));
        assertThat((String) page.browser.executeScript("return JSON.stringify(sessionStorage)"))
                .as("the message waited only for the return")
                .doesNotContain("milk");
    }

    /** The next sign-in at the issuer is this person's, with Artie's audience; the page is opened and signs in. */
    private void signInAs(String subject) {
        issuer.enqueueCallback(
                new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(AUDIENCE), Map.of(), 3600));
        page.browser.get(server.getURL() + "/");
        page.waitFor(
                () -> page.browser.findElement(By.id("signed-in")).getText().equals("Signed in as " + subject));
    }
}
