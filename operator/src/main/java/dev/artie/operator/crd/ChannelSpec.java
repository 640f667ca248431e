package dev.artie.operator.crd;

/** A channel: a workload that can be switched off. */
public abstract class ChannelSpec extends WorkloadSpec {
    /** Whether the channel runs; not a bean getter so that each subclass declares the field with its own default. */
    public abstract boolean enabled();
}
