package dev.artie.httpchat;

import static dev.artie.httpchat.ChatApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.artie.shared.testing.RedisExtension;
import dev.artie.shared.testing.StandInCapabilities;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ARTIE_HTTP_AUTH=oidc} against a real OIDC issuer (mock-oauth2-server: discovery, JWKS and signed tokens on
 * a port of this machine): only tokens it signed, for Artie's audience and not expired, are let in, and each call
 * acts for the token's {@code sub}, whatever the body or query says. The stand-in for capabilities remembers what
 * each person asks it to, by the person id the message carries, as the memory of capabilities does.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedInPeopleTest implements TestPropertyProvider {
    private static final String ISSUER_ID = "people";
    private static final String AUDIENCE = "artie-api";
    private static final String CLIENT_ID = "artie-page";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static final MockOAuth2Server issuer = new MockOAuth2Server();
    private static final MockOAuth2Server impostor = new MockOAuth2Server();
    private static final Map<String, Queue<String>> memories = new ConcurrentHashMap<>();
    private static StandInCapabilities capabilities;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        // The issuer runs before the service starts: its address is one of the settings.
        issuer.start(InetAddress.getLoopbackAddress(), 0);
        impostor.start(InetAddress.getLoopbackAddress(), 0);
        return ChatApi.oidcSettings(redis.url(), issuerUrl(), AUDIENCE, CLIENT_ID);
    }

    @BeforeAll
    static void start() {
        capabilities = StandInCapabilities.keepingConversations(redis.url(), SignedInPeopleTest::remembering);
    }

    @AfterAll
    static void stop() {
        capabilities.close();
        issuer.shutdown();
        impostor.shutdown();
    }

    /** "remember ..." keeps it for the message's person; "what do you remember?" tells that person's back. */
    private static String remembering(dev.artie.shared.queue.IncomingMessage message) {
        Queue<String> mine = memories.computeIfAbsent(message.personId(), person -> new ConcurrentLinkedQueue<>());
        if (message.text().startsWith("remember ")) {
            mine.add(message.text().substring("remember ".length()));
            return "noted";
        }
        return mine.isEmpty() ? "I remember nothing about you" : "I remember: " + String.join("; ", mine);
    }

    @Test
    void withoutATokenNothingButTheSessionIsLetIn() throws Exception {
        for (String path : List.of("/api/conversations", "/api/conversations/c-1", "/api/chat/some-id")) {
            HttpResponse<String> refused = send("GET", path, null, null);
            assertError(refused, 401, "unauthorized");
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"artie\"");
        }
        assertError(send("POST", "/api/chat", null, "{\"message\":\"hello?\"}"), 401, "unauthorized");
        assertError(send("POST", "/api/chat", "not-a-jwt", "{\"message\":\"hello?\"}"), 401, "unauthorized");
        assertThat(capabilities.received()).noneMatch(m -> m.text().equals("hello?"));

        HttpResponse<String> session = send("GET", "/api/session", null, null);
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.body())
                .isEqualTo("{\"auth\":\"oidc\",\"issuer\":\"" + issuerUrl() + "\",\"clientId\":\"" + CLIENT_ID + "\"}");
        HttpResponse<String> page = send("GET", "/", null, null);
        assertThat(page.statusCode()).as("the page itself").isEqualTo(200);
        String issuerOrigin = issuerUrl().replaceFirst("^(https?://[^/]+).*$", "$1");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .as("the page may call the issuer, only it")
                .hasValueSatisfying(policy -> assertThat(policy).contains("connect-src 'self' " + issuerOrigin + ";"));
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/token_info", null, "").statusCode())
                .as("micronaut-security's own endpoints stay off")
                .isEqualTo(404);
    }

    @Test
    void eachSignedInPersonIsTheirTokensSubjectAndSeesOnlyTheirOwnMemories() throws Exception {
        String ann = token("ann-1d4e", AUDIENCE, 3600);
        String bob = token("bob-77a0", AUDIENCE, 3600);

        assertThat(reply(chat(ann, "{\"message\":\"remember I drink my tea without sugar\"}")))
                .isEqualTo("noted");
        assertThat(reply(chat(bob, "{\"message\":\"what do you remember about me?\"}")))
                .isEqualTo("I remember nothing about you");
        assertThat(reply(chat(ann, "{\"userId\":\"ann-1d4e\",\"message\":\"what do you remember about me?\"}")))
                .as("a userId equal to the subject is fine")
                .isEqualTo("I remember: I drink my tea without sugar");
        assertThat(capabilities.received())
                .filteredOn(m -> m.text().contains("tea without sugar"))
                .singleElement()
                .satisfies(m -> assertThat(m.personId()).isEqualTo("ann-1d4e"));
    }

    @Test
    void aUserIdThatIsNotTheSubjectIsRefused() throws Exception {
        String ann = token("ann-1d4e", AUDIENCE, 3600);
        assertError(
                chat(ann, "{\"userId\":\"bob-77a0\",\"message\":\"remember bob owes me\"}"), 403, "not_your_user_id");
        assertError(send("GET", "/api/conversations?userId=bob-77a0", ann, null), 403, "not_your_user_id");
        assertError(send("GET", "/api/chat/any-id?userId=bob-77a0", ann, null), 403, "not_your_user_id");
        assertThat(capabilities.received()).noneMatch(m -> m.text().contains("bob owes me"));
    }

    @Test
    void theConversationsListedReadAndDeletedAreTheSubjectsOnly() throws Exception {
        String cat = token("cat-5b", AUDIENCE, 3600);
        String dan = token("dan-9c", AUDIENCE, 3600);
        assertThat(chat(cat, "{\"message\":\"cat's plans\",\"conversationId\":\"c-cat\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(chat(dan, "{\"message\":\"dan's plans\",\"conversationId\":\"c-dan\"}")
                        .statusCode())
                .isEqualTo(200);

        assertThat(send("GET", "/api/conversations", cat, null).body())
                .contains("\"id\":\"c-cat\"")
                .doesNotContain("c-dan");
        assertThat(send("GET", "/api/conversations/c-cat", cat, null).body()).contains("cat's plans");
        assertError(send("GET", "/api/conversations/c-cat", dan, null), 404, "not_found");
        assertError(send("DELETE", "/api/conversations/c-cat", dan, null), 404, "not_found");
        assertThat(send("DELETE", "/api/conversations/c-dan", dan, null).statusCode())
                .isEqualTo(204);
        assertThat(send("GET", "/api/conversations", dan, null).body()).isEqualTo("{\"conversations\":[]}");
        assertThat(send("GET", "/api/conversations", cat, null).body()).contains("\"id\":\"c-cat\"");
    }

    @Test
    void tokensForAnotherAudienceExpiredForgedOrUnsignedAreRefused() throws Exception {
        String genuineKeyId =
                SignedJWT.parse(token("eve-1", AUDIENCE, 3600)).getHeader().getKeyID();
        assertThat(SignedJWT.parse(forged("eve-1")).getHeader().getKeyID()).isEqualTo(genuineKeyId);
        Map<String, String> refusedTokens = Map.of(
                "another audience", token("eve-1", "some-other-api", 3600),
                "expired", token("eve-1", AUDIENCE, -300),
                "another issuer",
                        impostor.issueToken(
                                        ISSUER_ID,
                                        "eve-1",
                                        new DefaultOAuth2TokenCallback(
                                                ISSUER_ID, "eve-1", "JWT", List.of(AUDIENCE), Map.of(), 3600))
                                .serialize(),
                "our issuer's claims and key id, another's key", forged("eve-1"),
                "unsigned",
                        new PlainJWT(new JWTClaimsSet.Builder()
                                        .issuer(issuerUrl())
                                        .subject("eve-1")
                                        .audience(AUDIENCE)
                                        .expirationTime(new java.util.Date(System.currentTimeMillis() + 3_600_000))
                                        .build())
                                .serialize());
        for (Map.Entry<String, String> refused : refusedTokens.entrySet()) {
            HttpResponse<String> answer = chat(refused.getValue(), "{\"message\":\"let me in\"}");
            assertThat(answer.statusCode())
                    .as(refused.getKey() + ": " + answer.body())
                    .isEqualTo(401);
            assertError(answer, 401, "unauthorized");
        }
        assertThat(capabilities.received()).noneMatch(m -> m.text().equals("let me in"));
        assertThat(chat(token("eve-1", AUDIENCE, 3600), "{\"message\":\"let me in\"}")
                        .statusCode())
                .as("the same person with a good token")
                .isEqualTo(200);
    }

    @Test
    void anIssuerOutOfReachRefusesWithServiceUnavailableNotAsTheCallersFault() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (EmbeddedServer unreachable = ApplicationContext.run(
                EmbeddedServer.class,
                Map.of(
                        "redis.uri",
                        redis.url(),
                        "micronaut.server.port",
                        -1,
                        "artie.http.auth",
                        "oidc",
                        "artie.http.oidc-issuer",
                        "http://127.0.0.1:" + closed + "/gone",
                        "artie.http.oidc-audience",
                        AUDIENCE,
                        "artie.http.oidc-client-id",
                        CLIENT_ID))) {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(URI.create(unreachable.getURL() + "/api/conversations"))
                            .header("Authorization", "Bearer " + token("fay-2", AUDIENCE, 3600))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertError(answer, 503, "issuer_unreachable");
        }
    }

    private static String token(String subject, String audience, long expirySeconds) {
        return issuer.issueToken(
                        ISSUER_ID,
                        CLIENT_ID,
                        new DefaultOAuth2TokenCallback(
                                ISSUER_ID, subject, "JWT", List.of(audience), Map.of(), expirySeconds))
                .serialize();
    }

    /**
     * A token as our issuer would sign it, header and claims, but signed with a key of our own: mock-oauth2-server
     * ships the same keys in every instance, so a second one cannot forge.
     */
    private static String forged(String subject) throws Exception {
        SignedJWT genuine = SignedJWT.parse(token(subject, AUDIENCE, 3600));
        SignedJWT forged = new SignedJWT(genuine.getHeader(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
        return forged.serialize();
    }

    private static String issuerUrl() {
        return issuer.issuerUrl(ISSUER_ID).toString();
    }

    private static String reply(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body().replaceFirst("^\\{\"reply\":\"([^\"]*)\".*$", "$1");
    }

    private HttpResponse<String> chat(String token, String body) throws Exception {
        return send("POST", "/api/chat", token, body);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
