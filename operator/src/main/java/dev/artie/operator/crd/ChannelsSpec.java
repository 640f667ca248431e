package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The channels; each enabled one becomes a Deployment and a Service. */
public class ChannelsSpec {
    @JsonPropertyDescription("HTTP chat API and web chat page.")
    public HttpChannelSpec http = new HttpChannelSpec();

    @JsonPropertyDescription("Discord bot (mentions and direct messages).")
    public DiscordChannelSpec discord = new DiscordChannelSpec();

    @JsonPropertyDescription("SMS through Twilio.")
    public SmsChannelSpec sms = new SmsChannelSpec();

    @JsonPropertyDescription("Email over IMAP and SMTP.")
    public EmailChannelSpec email = new EmailChannelSpec();
}
