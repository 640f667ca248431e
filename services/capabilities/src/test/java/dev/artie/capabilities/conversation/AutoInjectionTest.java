package dev.artie.capabilities.conversation;

import dev.artie.capabilities.capability.CapabilityCall;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AutoInjectionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "remember that my favourite food is ramen | my favourite food is ramen",
            "Hey Artie, please remember that I'm vegetarian. | I'm vegetarian",
            "remember: I park on level 3 | I park on level 3",
            "Thanks! Remember that my sister is called Ana | my sister is called Ana",
            "don't forget that the meeting is at 3pm | the meeting is at 3pm",
    })
    void remembersWhatThePersonAsksToBeRemembered(String text, String fact) {
        assertThat(AutoInjection.callsFor(text)).singleElement().satisfies(call -> {
            assertThat(call.label()).isEqualTo("memory.remember");
            assertThat(call.arguments()).containsEntry("content", fact);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"what foods do I like?", "what do you know about me?", "do you remember my birthday?",
            "What's my favourite colour?", "who am I?"})
    void searchesMemoryForQuestionsAboutThePerson(String text) {
        assertThat(AutoInjection.callsFor(text)).extracting(CapabilityCall::label).containsExactly("memory.search");
    }

    @ParameterizedTest
    @ValueSource(strings = {"forget everything about me", "Artie, please forget what you know about me.",
            "delete my memories", "forget me", "Forget everything you know about me!", "please erase all my data",
            "Can you forget everything about me?", "hey Artie, forget me please", "  Forget   me.  "})
    void forgetsThePersonWhenAsked(String text) {
        assertThat(AutoInjection.callsFor(text)).extracting(CapabilityCall::label).containsExactly("memory.forget");
    }

    @ParameterizedTest
    @ValueSource(strings = {"don't forget me", "forget me not is a flower", "I forget meetings", "forget it",
            "do not forget me", "please don't ever forget me", "I hope you won't forget me", "never forget me",
            "you'll never forget me, right?", "will you forget me?", "would you forget me if I left?",
            "I'd hate for you to forget me", "don't forget everything about me", "please never delete my memories",
            "why would you forget me?", "sometimes I wish you'd forget me", "Promise you won't forget me!",
            "forget about it", "I forgot my password", "forget me nots are blue", "don't you dare forget me",
            "you can't forget me", "if you forget me I'll be sad", "Please don’t forget me", "dont forget me",
            "do you ever forget me?", "my data is safe, don't delete my memories", "forget me not",
            "I told my friend to forget me", "what happens if I say forget me?"})
    void forgetsNothingWhenThePersonDoesNotAskForIt(String text) {
        assertThat(AutoInjection.callsFor(text)).noneMatch(call -> call.label().equals("memory.forget"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"what is 17% of 240?", "what's 12*7", "what is 2^10"})
    void calculatesArithmetic(String text) {
        assertThat(AutoInjection.callsFor(text)).extracting(CapabilityCall::label)
                .containsExactly("calculator.calculate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "I remember when we met in Lisbon", "what do you remember about Rome? no, wait",
            "tell me a joke", "I am 30 years old"})
    void leavesOrdinaryTalkToTheModel(String text) {
        assertThat(AutoInjection.callsFor(text)).noneMatch(call -> call.label().equals("memory.remember"))
                .noneMatch(call -> call.label().equals("calculator.calculate"));
    }
}
