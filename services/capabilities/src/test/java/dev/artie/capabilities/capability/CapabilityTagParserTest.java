package dev.artie.capabilities.capability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.serde.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapabilityTagParserTest {
    private final CapabilityTagParser parser = new CapabilityTagParser(ObjectMapper.getDefault());

    @Test
    void readsTheSelfClosingFormWithSingleQuotedJson() {
        List<CapabilityCall> calls = parser.parse(
                "Let me work it out. <capability name=\"calculator\" action=\"calculate\" data='{\"expression\":\"2+2\"}' />");

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.capability()).isEqualTo("calculator");
            assertThat(call.action()).isEqualTo("calculate");
            assertThat(call.arguments()).containsEntry("expression", "2+2");
            assertThat(call.problem()).isNull();
        });
    }

    @Test
    void readsDoubleQuotedJsonWithEntitiesAndAnyCase() {
        List<CapabilityCall> calls = parser.parse(
                "<Capability NAME='memory' action='search' data=\"{&quot;query&quot;:&quot;food&quot;}\"/>");

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.capability()).isEqualTo("memory");
            assertThat(call.arguments()).isEqualTo(Map.of("query", "food"));
        });
    }

    @Test
    void readsTheContentForm() {
        List<CapabilityCall> calls = parser.parse("""
                <capability name="calculator" action="calculate">2+2</capability>
                and <capability name="memory" action="remember">I like ramen</capability>""");

        assertThat(calls)
                .extracting(CapabilityCall::capability, CapabilityCall::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("calculator", "2+2"),
                        org.assertj.core.groups.Tuple.tuple("memory", "I like ramen"));
    }

    @Test
    void stripsTagsAndKeepsTheText() {
        String text =
                "The answer: <capability name=\"calculator\" action=\"calculate\" data='{\"expression\":\"2+2\"}' />"
                        + " is coming. <capability name=\"memory\" action=\"remember\">I like ramen</capability> Done.";

        assertThat(parser.strip(text)).isEqualTo("The answer: is coming. Done.");
    }

    @Test
    void extraAttributesBecomeArgumentsAndPlainDataBecomesContent() {
        assertThat(parser.parse("<capability name=\"calculator\" action=\"calculate\" expression=\"3*3\" />"))
                .singleElement()
                .satisfies(call -> assertThat(call.arguments()).containsEntry("expression", "3*3"));
        assertThat(parser.parse("<capability name=\"calculator\" action=\"calculate\" data=\"3*3\" />"))
                .singleElement()
                .satisfies(call -> assertThat(call.content()).isEqualTo("3*3"));
    }

    @Test
    void badDataOrAMissingNameIsAProblemNotACrash() {
        assertThat(parser.parse("<capability name=\"calculator\" action=\"calculate\" data='{\"expression\": 2+}' />"))
                .singleElement()
                .satisfies(call -> assertThat(call.problem()).contains("not a JSON object"));
        assertThat(parser.parse("<capability action=\"calculate\" />"))
                .singleElement()
                .satisfies(call -> assertThat(call.problem()).contains("needs a name"));
    }

    @Test
    void brokenMarkupIsLeftAsText() {
        String unterminatedQuote = "<capability name=\"calculator action=calculate />";
        String neverClosed = "<capability name=\"calculator\" action=\"calculate\"";
        String otherTag = "<capabilities>none</capabilities>";

        assertThat(parser.parse(unterminatedQuote)).isEmpty();
        assertThat(parser.parse(neverClosed)).isEmpty();
        assertThat(parser.parse(otherTag)).isEmpty();
        assertThat(parser.strip(otherTag)).isEqualTo(otherTag);
    }

    @Test
    void aContentTagWithoutClosingTagIsReadAsSelfClosing() {
        String text = "<capability name=\"memory\" action=\"recall\"> what do you know?";

        assertThat(parser.parse(text))
                .singleElement()
                .satisfies(call -> assertThat(call.label()).isEqualTo("memory.recall"));
        assertThat(parser.strip(text)).isEqualTo("what do you know?");
    }

    @Test
    void aBrokenTagDoesNotHideTheNextOne() {
        String text = "<capability name=\"x\" <capability name=\"calculator\" action=\"calculate\">1+1</capability>";

        assertThat(parser.parse(text))
                .singleElement()
                .satisfies(call -> assertThat(call.content()).isEqualTo("1+1"));
    }

    @Test
    void adversarialInputIsReadInOnePass() {
        String manyOpenings = "<capability name=\"a\" action=\"b\">".repeat(20_000);
        String manyStarts = "<capability ".repeat(20_000);

        assertThat(parser.parse(manyOpenings)).hasSize(20_000);
        assertThat(parser.parse(manyStarts)).isEmpty();
    }
}
