package dev.artie.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ThreadingTest {
    @Test
    void addsReOnlyOnce() {
        assertThat(Threading.replySubject("Dinner")).isEqualTo("Re: Dinner");
        assertThat(Threading.replySubject("Re: Dinner")).isEqualTo("Re: Dinner");
        assertThat(Threading.replySubject("RE: Dinner")).isEqualTo("RE: Dinner");
        assertThat(Threading.replySubject("AW: Essen")).isEqualTo("AW: Essen");
        assertThat(Threading.replySubject("Re[2]: Dinner")).isEqualTo("Re[2]: Dinner");
        assertThat(Threading.replySubject("Regarding dinner")).isEqualTo("Re: Regarding dinner");
        assertThat(Threading.replySubject("  ")).isEqualTo("Re: your message");
    }

    @Test
    void theRootIsTheOldestReference() {
        assertThat(Threading.root(List.of("<a@x>", "<b@x>"), List.of("<b@x>"), "<c@x>"))
                .isEqualTo("<a@x>");
        assertThat(Threading.root(List.of(), List.of("<b@x>"), "<c@x>")).isEqualTo("<b@x>");
        assertThat(Threading.root(List.of(), List.of(), "<c@x>")).isEqualTo("<c@x>");
    }

    @Test
    void replyReferencesAppendTheMailAndKeepTheRootWhenTrimmed() {
        assertThat(Threading.replyReferences(Threading.ids(" <a@x>\r\n <b@x> "), List.of(), "<c@x>"))
                .isEqualTo("<a@x> <b@x> <c@x>");
        assertThat(Threading.replyReferences(List.of(), Threading.ids("<b@x>"), "<c@x>"))
                .isEqualTo("<b@x> <c@x>");
        List<String> long30 =
                IntStream.range(0, 30).mapToObj(i -> "<" + i + "@x>").toList();
        List<String> trimmed = Threading.ids(Threading.replyReferences(long30, List.of(), "<new@x>"));
        assertThat(trimmed).hasSize(20).startsWith("<0@x>").endsWith("<28@x>", "<29@x>", "<new@x>");
    }
}
