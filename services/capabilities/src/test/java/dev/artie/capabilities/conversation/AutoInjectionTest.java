package dev.artie.capabilities.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.capabilities.capability.CapabilityCall;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AutoInjectionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "remember that my favourite food is ramen | my favourite food is ramen",
                "Hey Artie, please remember that I'm vegetarian. | I'm vegetarian",
                "remember: I park on level 3 | I park on level 3",
                "Thanks! Remember that my sister is called Ana | my sister is called Ana",
                "don't forget that the meeting is at 3pm | the meeting is at 3pm",
            })
    void remembersWhatThePersonAsksToBeRemembered(String text, String fact) {
        assertThat(AutoInjection.callsFor(text, false)).singleElement().satisfies(call -> {
            assertThat(call.label()).isEqualTo("memory.remember");
            assertThat(call.arguments()).containsEntry("content", fact);
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "what foods do I like?",
                "what do you know about me?",
                "do you remember my birthday?",
                "What's my favourite colour?",
                "who am I?"
            })
    void searchesMemoryForQuestionsAboutThePerson(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .extracting(CapabilityCall::label)
                .containsExactly("memory.search");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "forget everything about me",
                "Artie, please forget what you know about me.",
                "delete my memories",
                "forget me",
                "Forget everything you know about me!",
                "please erase all my data",
                "Can you forget everything about me?",
                "hey Artie, forget me please",
                "  Forget   me.  "
            })
    void forgetsThePersonWhenAsked(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .extracting(CapabilityCall::label)
                .containsExactly("memory.forget");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "don't forget me",
                "forget me not is a flower",
                "I forget meetings",
                "forget it",
                "do not forget me",
                "please don't ever forget me",
                "I hope you won't forget me",
                "never forget me",
                "you'll never forget me, right?",
                "will you forget me?",
                "would you forget me if I left?",
                "I'd hate for you to forget me",
                "don't forget everything about me",
                "please never delete my memories",
                "why would you forget me?",
                "sometimes I wish you'd forget me",
                "Promise you won't forget me!",
                "forget about it",
                "I forgot my password",
                "forget me nots are blue",
                "don't you dare forget me",
                "you can't forget me",
                "if you forget me I'll be sad",
                "Please don’t forget me",
                "dont forget me",
                "do you ever forget me?",
                "my data is safe, don't delete my memories",
                "forget me not",
                "I told my friend to forget me",
                "what happens if I say forget me?"
            })
    void forgetsNothingWhenThePersonDoesNotAskForIt(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .noneMatch(call -> call.label().equals("memory.forget"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"what is 17% of 240?", "what's 12*7", "what is 2^10"})
    void calculatesArithmetic(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .extracting(CapabilityCall::label)
                .containsExactly("calculator.calculate");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "hello",
                "I remember when we met in Lisbon",
                "what do you remember about Rome? no, wait",
                "tell me a joke",
                "I am 30 years old"
            })
    void leavesOrdinaryTalkToTheModel(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .noneMatch(call -> call.label().equals("memory.remember"))
                .noneMatch(call -> call.label().equals("calculator.calculate"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "what time is it in Tokyo? | Asia/Tokyo",
                "What's the time in New York | America/New_York",
                "what is the current time in London? | Europe/London",
                "hey Artie, what time is it in paris right now? | Europe/Paris",
                "time in Sydney | Australia/Sydney",
                "what's the local time in Buenos Aires? | America/Argentina/Buenos_Aires",
                "can you tell me the time in Asia/Kolkata please | Asia/Kolkata",
                "What’s the time in Los Angeles? | America/Los_Angeles",
                "what time is it in UTC | UTC",
            })
    void tellsTheTimeInThePlaceAskedAbout(String text, String zone) {
        assertThat(AutoInjection.callsFor(text, false)).singleElement().satisfies(call -> {
            assertThat(call.label()).isEqualTo("clock.now");
            assertThat(call.arguments()).containsEntry("timezone", zone);
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "what time is it?",
                "What time is it now",
                "what's the date today?",
                "what day is it?",
                "what is today's date?",
                "do you know what time it is?",
                "the time, please"
            })
    void tellsTheTimeInUtcWhenNoPlaceIsNamed(String text) {
        assertThat(AutoInjection.callsFor(text, false)).singleElement().satisfies(call -> {
            assertThat(call.label()).isEqualTo("clock.now");
            assertThat(call.arguments()).containsEntry("timezone", "");
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "I had a great time in Tokyo",
                "what time is it in Narnia?",
                "time flies",
                "what time does the shop open?",
                "next time in Paris I'll call you",
                "the time machine is a great book",
                "what time should I leave for London?",
                "how much time do I have?",
                "timezones are confusing"
            })
    void leavesOtherTalkAboutTimeToTheModel(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .noneMatch(call -> call.label().equals("clock.now"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "convert 10 miles to km | 10 miles to km",
                "Please convert 98.6 F to celsius. | 98.6 f to celsius",
                "can you convert 2 cups into ml? | 2 cups into ml",
                "what is 5 kg in pounds? | 5 kg in pounds",
                "what's 30 km/h in mph | 30 km/h in mph",
                "10 miles in km? | 10 miles in km",
                "how many km is 10 miles? | 10 miles to km",
                "how many ounces in 3 pounds | 3 pounds to ounces",
                "How many feet are 2 metres? | 2 metres to feet",
                "how far is 26.2 miles in km | 26.2 miles in km",
            })
    void convertsUnits(String text, String query) {
        assertThat(AutoInjection.callsFor(text, false)).singleElement().satisfies(call -> {
            assertThat(call.label()).isEqualTo("units.convert");
            assertThat(call.arguments()).containsEntry("query", query);
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "I walked 3 km to school",
                "I lost 5 kg in a month",
                "convert me to your religion",
                "how many people live in Tokyo?",
                "10 minutes to midnight",
                "I ran 10 miles in the rain",
                "convert this document to PDF",
                "how many km is it to Paris?",
                "what is 10 miles in kg?",
                "give 5 apples to Ann"
            })
    void leavesOtherTalkWithNumbersAndUnitsToTheModel(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .noneMatch(call -> call.label().equals("units.convert"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "add milk to my shopping list | lists.add | shopping | milk",
                "Please add Oat Milk, eggs and bread to the shopping list. | lists.add | shopping | Oat Milk, eggs and bread",
                "put call the dentist on my to-do list | lists.add | to-do | call the dentist",
                "can you add pay rent to my todo list? | lists.add | to-do | pay rent",
                "add bananas to my grocery list | lists.add | shopping | bananas",
                "add Dune to my reading list | lists.add | reading | Dune",
                "what's on my shopping list? | lists.show | shopping |",
                "What is on my to do list | lists.show | to-do |",
                "show me my todo list | lists.show | to-do |",
                "read me the shopping list please | lists.show | shopping |",
                "tick off milk from my shopping list | lists.tick | shopping | milk",
                "cross eggs off my shopping list | lists.tick | shopping | eggs",
                "remove bread from the shopping list | lists.tick | shopping | bread",
                "mark pay rent as done on my to-do list | lists.tick | to-do | pay rent",
                "clear my shopping list | lists.clear | shopping |",
                "Empty the to-do list! | lists.clear | to-do |",
            })
    void keepsThePersonsLists(String text, String label, String list, String item) {
        assertThat(AutoInjection.callsFor(text, false)).singleElement().satisfies(call -> {
            assertThat(call.label()).isEqualTo(label);
            assertThat(call.arguments()).containsEntry("list", list);
            if (item != null) {
                assertThat(call.arguments()).containsEntry("item", item);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"what are my lists?", "show my lists"})
    void namesThePersonsLists(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .extracting(CapabilityCall::label)
                .containsExactly("lists.show");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "add salt to the soup",
                "I lost my shopping list",
                "add me to the guest list",
                "remove me from the mailing list",
                "clear the table",
                "put the kettle on",
                "what's on TV tonight?",
                "show me a list of capitals",
                "my to-do list is too long",
                "delete my account",
                "what is on the waiting list?",
                "I need to add milk to my shopping list later, remind me how lists work",
                "clear my head",
                "the shopping list is on the fridge"
            })
    void leavesOtherTalkAboutListsToTheModel(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .noneMatch(call -> call.capability().equals("lists"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "search the web for ramen recipes | ramen recipes",
                "Search for Mars rover landing sites | Mars rover landing sites",
                "hey Artie, can you look up the Eurovision 2026 winner? | the Eurovision 2026 winner",
                "google Tonkotsu broth | Tonkotsu broth",
                "please look up Kyoto weather online | Kyoto weather",
                "What's the latest news about the Mars rover? | latest news about the Mars rover",
                "any news on the ECB rate decision today? | latest news about the ECB rate decision",
                "latest headlines from Ukraine | latest news about Ukraine",
                "what is new with SpaceX? | latest news about SpaceX",
                "what's in the news today? | latest news",
                "What’s the news? | latest news",
                "today's headlines please | latest news",
                "what's happening in the world right now? | latest news",
            })
    void searchesTheWebWhenABackendIsConfigured(String text, String query) {
        assertThat(AutoInjection.callsFor(text, true)).singleElement().satisfies(call -> {
            assertThat(call.label()).isEqualTo("web.search");
            assertThat(call.arguments()).containsEntry("query", query);
        });
        assertThat(AutoInjection.callsFor(text, false))
                .as("without a search backend")
                .noneMatch(call -> call.capability().equals("web"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "I searched for my keys all day",
                "the news made me sad",
                "look up at the sky tonight",
                "what's new with you?",
                "search my memories for ramen",
                "look up my shopping list",
                "can you look it up?",
                "I read the news this morning",
                "no news is good news",
                "look up",
                "search for it",
                "what's new?",
                "did you google that?",
                "Googling is hard",
                "tell me a story about news",
                "any news from you?",
                "what is the latest?",
                "look up to your parents",
                "the search for meaning",
                "I'll look up the word later, thanks",
                "what's the latest news about my sister?"
            })
    void leavesOtherTalkAboutSearchingAndNewsToTheModel(String text) {
        assertThat(AutoInjection.callsFor(text, true))
                .noneMatch(call -> call.capability().equals("web"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "what are my reminders? | reminders.list",
                "remind me in 10 minutes to stretch | reminders.set",
                "every weekday at 9 remind me to stand up | reminders.set",
                "cancel the stretch reminder | reminders.cancel",
                "I'm in Tokyo | reminders.timezone",
            })
    void remindersAreAskedAloneNotTheMemory(String text, String label) {
        assertThat(AutoInjection.callsFor(text, false))
                .extracting(CapabilityCall::label)
                .containsExactly(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"remind me what my favourite food is", "what's my favourite reminder app?"})
    void questionsAboutThePersonStillAskTheMemory(String text) {
        assertThat(AutoInjection.callsFor(text, false))
                .extracting(CapabilityCall::label)
                .containsExactly("memory.search");
    }
}
