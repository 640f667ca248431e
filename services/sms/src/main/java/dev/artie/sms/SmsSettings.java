package dev.artie.sms;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * {@code ARTIE_SMS_*} variables (docs/configuration.md), checked when the service starts: without them it can
 * neither verify Twilio's requests nor answer.
 *
 * @param accountSid Twilio account SID
 * @param authToken  Twilio auth token: API password and webhook signing key (secret)
 * @param fromNumber E.164 number replies are sent from
 * @param publicUrl  the URL Twilio reaches this service at, without the webhook path; signatures cover it
 * @param apiBaseUrl Twilio's REST API, replaced by a fake in tests
 * @param optOutPath SQLite file that keeps the opt-outs durably ({@link OptOuts})
 */
@ConfigurationProperties("artie.sms")
public record SmsSettings(
        @NotBlank String accountSid,
        @NotBlank String authToken,

        @NotBlank @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be an E.164 number like +15551234567")
        String fromNumber,

        @NotBlank @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        String publicUrl,

        @NotBlank @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        String apiBaseUrl,

        @NotBlank String optOutPath) {

    /** The URL Twilio signed for a request to {@code path} (Twilio signs the URL it called, as configured). */
    String signedUrl(String pathAndQuery) {
        return stripSlash(publicUrl) + pathAndQuery;
    }

    String apiBase() {
        return stripSlash(apiBaseUrl);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Never prints the auth token: settings end up in start-up errors and debug logs. */
    @Override
    public String toString() {
        return "SmsSettings[accountSid=" + accountSid + ", authToken=****, fromNumber=" + fromNumber + ", publicUrl="
                + publicUrl + ", apiBaseUrl=" + apiBaseUrl + ", optOutPath=" + optOutPath + "]";
    }
}
