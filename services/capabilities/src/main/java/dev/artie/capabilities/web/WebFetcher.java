package dev.artie.capabilities.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Fetches one web page for the model, behind the SSRF guard. Each hop (the URL, then every redirect, followed by hand)
 * is resolved once here and checked; the connection then goes to exactly the vetted addresses (OkHttp's Dns hook), so
 * a name that resolves differently a moment later (DNS rebinding) cannot slip past. No proxy, so nothing else resolves.
 */
public class WebFetcher {
    private static final String USER_AGENT = "Artie/0.1 (web fetch for a chat assistant)";

    private final AddressGuard guard;
    private final HostResolver resolver;
    private final Limits limits;
    private final OkHttpClient base;

    /** How much one fetch may read, for how long, through how many redirects. */
    public record Limits(int maxBytes, Duration timeout, int maxRedirects) {}

    /** A fetched page: where it ended up, its status and its text. */
    public record Page(String url, int status, String text, boolean truncated) {}

    /** Why a fetch was refused or failed, in words for the model. */
    public static class FetchException extends Exception {
        public FetchException(String message) {
            super(message);
        }
    }

    /** A fetch the guard will not make: the address is not on the public internet. */
    public static final class AddressRefused extends FetchException {
        public AddressRefused(String message) {
            super(message);
        }
    }

    public WebFetcher(AddressGuard guard, HostResolver resolver, Limits limits) {
        this.guard = guard;
        this.resolver = resolver;
        this.limits = limits;
        this.base = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .proxy(Proxy.NO_PROXY)
                .retryOnConnectionFailure(false)
                .build();
    }

    public Limits limits() {
        return limits;
    }

    public Page fetch(String address) throws FetchException {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        HttpUrl url = parse(address);
        for (int hop = 0; ; hop++) {
            List<InetAddress> vetted = vet(url);
            try (Response response = client(vetted, deadline)
                    .newCall(new Request.Builder()
                            .url(url)
                            .header("User-Agent", USER_AGENT)
                            .header("Accept", "text/html, text/plain, */*;q=0.5")
                            .build())
                    .execute()) {
                if (!response.isRedirect()) {
                    return read(url, url.toString(), response);
                }
                if (hop == limits.maxRedirects()) {
                    throw new FetchException("too many redirects (at most " + limits.maxRedirects() + ")");
                }
                String location = response.header("Location");
                HttpUrl next = location == null ? null : url.resolve(location);
                if (next == null) {
                    throw new FetchException(url + " redirects to an unusable location: " + location);
                }
                url = next;
            } catch (InterruptedIOException e) {
                throw new FetchException(
                        "the page took longer than " + limits.timeout().toMillis() + " ms");
            } catch (IOException e) {
                throw new FetchException("could not fetch " + url + ": " + e.getMessage());
            }
        }
    }

    /**
     * Asks a service the operator configured (the search backend), not an address a model chose. The guard is not
     * applied: operators run such services on private addresses (a SearXNG in the cluster), and the address is
     * trusted configuration. No redirect is followed, so that trust reaches no further than the configured address;
     * the size cap and the time-out are the fetch's. Messages name {@code shownAs}, never the URL, which may carry
     * credentials.
     */
    public Page fetchConfigured(HttpUrl url, Map<String, String> headers, String shownAs) throws FetchException {
        Request.Builder request = new Request.Builder().url(url).header("User-Agent", USER_AGENT);
        headers.forEach(request::header);
        try (Response response = base.newBuilder()
                .callTimeout(limits.timeout())
                .build()
                .newCall(request.build())
                .execute()) {
            if (response.isRedirect()) {
                throw new FetchException(shownAs + " redirects (HTTP " + response.code() + "); configure the address "
                        + "it redirects to");
            }
            return read(url, shownAs, response);
        } catch (InterruptedIOException e) {
            throw new FetchException(
                    shownAs + " did not answer within " + limits.timeout().toMillis() + " ms");
        } catch (IOException e) {
            throw new FetchException(shownAs + " could not be reached: " + e.getMessage());
        }
    }

    private static HttpUrl parse(String address) throws FetchException {
        URI uri;
        try {
            uri = URI.create(address.strip());
        } catch (IllegalArgumentException e) {
            throw new FetchException("'" + address + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException("only http and https pages can be fetched, not '" + address + "'");
        }
        HttpUrl url = HttpUrl.parse(address.strip());
        if (url == null) {
            throw new FetchException("'" + address + "' is not a URL");
        }
        return url;
    }

    /** Resolves the hop's host once and refuses it when any of its addresses is not on the public internet. */
    private List<InetAddress> vet(HttpUrl url) throws FetchException {
        List<InetAddress> addresses;
        try {
            // An IP literal is not looked up: OkHttp connects to it as written, so it is judged as written.
            addresses =
                    isIpLiteral(url.host()) ? List.of(InetAddress.getByName(url.host())) : resolver.resolve(url.host());
        } catch (UnknownHostException e) {
            throw new FetchException("unknown host " + url.host());
        }
        if (addresses.isEmpty()) {
            throw new FetchException("unknown host " + url.host());
        }
        for (InetAddress address : addresses) {
            String refusal = guard.refusal(address, url.port());
            if (refusal != null) {
                throw new AddressRefused("refused to fetch " + url + ": " + url.host() + " is " + refusal);
            }
        }
        return addresses;
    }

    /** IPv6 literals are the hosts with a colon (HttpUrl drops the brackets); IPv4 ones are digits and dots. */
    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    private OkHttpClient client(List<InetAddress> vetted, long deadline) throws FetchException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new FetchException(
                    "the page took longer than " + limits.timeout().toMillis() + " ms");
        }
        return base.newBuilder()
                .dns(host -> vetted)
                .callTimeout(left, TimeUnit.NANOSECONDS)
                .build();
    }

    private Page read(HttpUrl url, String shownAs, Response response) throws IOException, FetchException {
        ResponseBody body = response.body();
        MediaType type = body == null ? null : body.contentType();
        if (type != null && !isText(type)) {
            throw new FetchException(shownAs + " is not a text page (" + type.type() + "/" + type.subtype() + ")");
        }
        byte[] bytes;
        try (InputStream in = body == null ? InputStream.nullInputStream() : body.byteStream()) {
            bytes = in.readNBytes(limits.maxBytes() + 1);
        }
        boolean truncated = bytes.length > limits.maxBytes();
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        String content = new String(bytes, 0, Math.min(bytes.length, limits.maxBytes()), charset);
        boolean html = type == null
                ? content.stripLeading().startsWith("<")
                : type.subtype().contains("html");
        return new Page(url.toString(), response.code(), html ? HtmlText.extract(content) : content.strip(), truncated);
    }

    private static boolean isText(MediaType type) {
        String subtype = type.subtype().toLowerCase(Locale.ROOT);
        return type.type().equalsIgnoreCase("text")
                || subtype.contains("html")
                || subtype.contains("xml")
                || subtype.contains("json");
    }
}
