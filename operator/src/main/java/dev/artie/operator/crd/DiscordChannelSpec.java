package dev.artie.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** The Discord channel. It holds one gateway connection, so two replicas would answer twice. */
@ValidationRule(value = "!(has(self.enabled) && self.enabled) || has(self.tokenSecretRef)",
    message = "channels.discord.tokenSecretRef is required when channels.discord.enabled is true")
@ValidationRule(value = WorkloadSpec.AT_MOST_ONE_REPLICA, message = DiscordChannelSpec.SINGLE_REPLICA_REASON)
public class DiscordChannelSpec extends ChannelSpec {
  public static final String DEFAULT_IMAGE = "ghcr.io/artie-dev/artie-discord:0.1.0";

  @Default("false")
  @JsonPropertyDescription("Run the Discord channel; needs tokenSecretRef.")
  public boolean enabled;

  @Default(DEFAULT_IMAGE)
  @JsonPropertyDescription("Container image of the Discord channel.")
  public String image = DEFAULT_IMAGE;

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
