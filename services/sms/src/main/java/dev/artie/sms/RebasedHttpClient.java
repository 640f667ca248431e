package dev.artie.sms;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;

/**
 * twilio-java always builds {@code https://<product>.twilio.com/...} URLs; this client sends each request to
 * the configured API base instead (same path, parameters, headers and credentials), so the service can be
 * pointed at a fake Twilio in tests or at a proxy. With the default base the request is unchanged.
 */
class RebasedHttpClient extends HttpClient {
    private static final String TWILIO_API = "https://api.twilio.com";

    private final String base;
    private final HttpClient delegate;

    RebasedHttpClient(String base) {
        this(base, new NetworkHttpClient());
    }

    RebasedHttpClient(String base, HttpClient delegate) {
        this.base = base;
        this.delegate = delegate;
    }

    @Override
    public Response makeRequest(Request request) {
        if (base.equals(TWILIO_API) || !request.getUrl().startsWith(TWILIO_API)) {
            return delegate.makeRequest(request);
        }
        return delegate.makeRequest(rebased(request));
    }

    private Request rebased(Request original) {
        Request copy = new Request(original.getMethod(), base + original.getUrl().substring(TWILIO_API.length()));
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
