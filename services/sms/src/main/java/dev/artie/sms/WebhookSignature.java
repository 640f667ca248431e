package dev.artie.sms;

import com.twilio.security.RequestValidator;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * Checks {@code X-Twilio-Signature}: Twilio signs the URL it called plus the sorted form parameters with the
 * account's auth token (HMAC-SHA1). The URL is the configured public one, because behind a load balancer or
 * ingress the URL this service sees is not the one Twilio called.
 */
@Singleton
class WebhookSignature {
    private final RequestValidator validator;
    private final SmsSettings settings;

    WebhookSignature(SmsSettings settings) {
        this.validator = new RequestValidator(settings.authToken());
        this.settings = settings;
    }

    boolean isValid(String pathAndQuery, Map<String, String> params, @Nullable String signature) {
        if (signature == null || signature.isBlank()) {
            return false;
        }
        return validator.validate(settings.signedUrl(pathAndQuery), params, signature);
    }
}
