package dev.artie.operator.status;

/** What a component's condition says: its type, one of Ready / Progressing / Degraded, and why. */
public record ComponentCondition(String type, String reason, String message) {
    public boolean ready() {
        return "Ready".equals(reason);
    }
}
