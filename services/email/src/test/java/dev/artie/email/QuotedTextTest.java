package dev.artie.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotedTextTest {
    @Test
    void dropsQuotedLinesAndEverythingBelowTheAttribution() {
        assertThat(QuotedText.strip("""
                Yes, seven is fine.
                Bring wine.

                On Mon, 23 Nov 2026 at 09:40, Artie <artie@example.com> wrote:
                > What time?
                >> earlier
                """)).isEqualTo("Yes, seven is fine.\nBring wine.");
    }

    @Test
    void recognisesAWrappedAttributionAndInterleavedQuotes() {
        assertThat(QuotedText.strip("""
                > Should we meet?
                Sure.
                > Where?
                At the station.

                On Mon, 23 Nov 2026 at 09:40, Artie Assistant <artie@example.com>
                wrote:
                > old
                """)).isEqualTo("Sure.\nAt the station.");
    }

    @Test
    void cutsTheSignatureAndOutlooksOriginalMessage() {
        assertThat(QuotedText.strip("Thanks!\r\n-- \r\nAlice\r\nACME Corp")).isEqualTo("Thanks!");
        assertThat(QuotedText.strip("See below.\n\n-----Original Message-----\nFrom: Artie\nhello"))
                .isEqualTo("See below.");
        assertThat(QuotedText.strip("Ja.\n\nAm 23.11.2026 um 09:40 schrieb Artie <artie@example.com>:\n> Hallo"))
                .isEqualTo("Ja.");
    }

    @Test
    void leavesPlainTextAlone() {
        assertThat(QuotedText.strip("  Just one line, with -- dashes inside.  "))
                .isEqualTo("Just one line, with -- dashes inside.");
        assertThat(QuotedText.strip("On second thought, never mind.")).isEqualTo("On second thought, never mind.");
    }
}
