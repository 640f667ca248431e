package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** The Discord channel. It holds one gateway connection, so two replicas would answer twice. */
@ValidationRule(
        value = "!(has(self.enabled) && self.enabled) || has(self.tokenSecretRef)",
        message = "channels.discord.tokenSecretRef is required when channels.discord.enabled is true")
@ValidationRule(value = WorkloadSpec.AT_MOST_ONE_REPLICA, message = DiscordChannelSpec.SINGLE_REPLICA_REASON)
public class DiscordChannelSpec extends ChannelSpec {
    @Default("false")
    @JsonPropertyDescription("Run the Discord channel; needs tokenSecretRef.")
    public boolean enabled;

    @JsonPropertyDescription(
            "Container image of the Discord channel; empty: the operator's default, <registry>/<prefix>artie-discord:<tag> (ARTIE_OPERATOR_IMAGE_*).")
    public String image;

    @JsonPropertyDescription("Secret key holding the Discord bot token (ARTIE_DISCORD_TOKEN).")
    public SecretKeyRef tokenSecretRef;

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public String image() {
        return image;
    }

    static final String SINGLE_REPLICA_REASON =
            "channels.discord.replicas must be 0 or 1: every replica holds its own gateway connection and would answer every message again";

    @Override
    public String singleReplicaReason() {
        return SINGLE_REPLICA_REASON;
    }
}
