package dev.artie.shared.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * X-Twilio-Signature as Twilio computes it: Base64(HMAC-SHA1(auth token, URL + each POST parameter's name and
 * value, sorted by name)). Written out here rather than taken from twilio-java, so tests check the SMS service
 * against Twilio's documented algorithm, not against itself.
 */
public final class TwilioSignatures {
    private TwilioSignatures() {}

    public static String sign(String url, Map<String, String> params, String authToken) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
