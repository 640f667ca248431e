package dev.artie.sms;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.time.Duration;
import org.apache.hc.core5.http.Header;

/**
 * twilio-java always builds {@code https://<product>.twilio.com/...} URLs; this client sends each request to
 * the configured API base instead (same path, parameters, headers and credentials), so the service can be
 * pointed at a fake Twilio in tests or at a proxy. With the default base the request is unchanged.
 */
class RebasedHttpClient extends HttpClient {
    private static final String TWILIO_API = "https://api.twilio.com";

    private final String base;
    private final HttpClient delegate;
    /** Twilio's Retry-After on the last response this thread got: twilio-java's ApiException does not carry it. */
    private final ThreadLocal<Duration> retryAfter = new ThreadLocal<>();

    RebasedHttpClient(String base) {
        this(base, new NetworkHttpClient());
    }

    RebasedHttpClient(String base, HttpClient delegate) {
        this.base = base;
        this.delegate = delegate;
    }

    @Override
    public Response makeRequest(Request request) {
        Response response = base.equals(TWILIO_API) || !request.getUrl().startsWith(TWILIO_API)
                ? delegate.makeRequest(request)
                : delegate.makeRequest(rebased(request));
        retryAfter.set(retryAfterOf(response));
        return response;
    }

    /** The Retry-After (in seconds, as Twilio sends it) of this thread's last response; null when there was none. */
    Duration retryAfter() {
        return retryAfter.get();
    }

    private static Duration retryAfterOf(Response response) {
        if (response == null || response.getHeaders() == null) {
            return null;
        }
        for (Header header : response.getHeaders()) {
            if ("Retry-After".equalsIgnoreCase(header.getName())) {
                try {
                    return Duration.ofSeconds(Long.parseLong(header.getValue().trim()));
                } catch (NumberFormatException e) {
                    return null; // an HTTP date or garbage: the back-off decides
                }
            }
        }
        return null;
    }

    private Request rebased(Request original) {
        Request copy =
                new Request(original.getMethod(), base + original.getUrl().substring(TWILIO_API.length()));
        if (original.getAuthStrategy() != null) {
            copy.setAuth(original.getAuthStrategy());
        } else if (original.getUsername() != null) {
            copy.setAuth(original.getUsername(), original.getPassword());
        }
        original.getQueryParams().forEach((name, values) -> values.forEach(v -> copy.addQueryParam(name, v)));
        original.getPostParams().forEach((name, values) -> values.forEach(v -> copy.addPostParam(name, v)));
        original.getHeaderParams().forEach((name, values) -> values.forEach(v -> copy.addHeaderParam(name, v)));
        copy.setContentType(original.getContentType());
        copy.setBody(original.getBody());
        copy.setFormParameters(original.getFormParameters());
        copy.setUserAgentExtensions(original.getUserAgentExtensions());
        return copy;
    }
}
