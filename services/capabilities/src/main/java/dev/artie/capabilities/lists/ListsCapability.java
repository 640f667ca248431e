package dev.artie.capabilities.lists;

import dev.artie.capabilities.capability.Arguments;
import dev.artie.capabilities.capability.Capability;
import dev.artie.capabilities.capability.CapabilityAction;
import dev.artie.capabilities.capability.CapabilityContext;
import dev.artie.capabilities.capability.CapabilityException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The person's own lists: a to-do list, a shopping list, any other they name. Every call is scoped to the person
 * speaking (the context), whatever the arguments say.
 */
@Singleton
public class ListsCapability implements Capability {
    public static final String NAME = "lists";
    public static final String ADD = "add";
    public static final String SHOW = "show";
    public static final String TICK = "tick";
    public static final String CLEAR = "clear";
    public static final String TODO = "to-do";
    public static final String SHOPPING = "shopping";
    static final int MAX_ITEM = 200;

    private final ListStore store;

    public ListsCapability(ListStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Keeps the person's own lists (to-do, shopping, or any other they name): add items, show, tick off, "
                + "clear.";
    }

    @Override
    public List<CapabilityAction> actions() {
        Map<String, Object> list = Map.of("type", "string", "description", "the list: to-do, shopping or another name");
        Map<String, Object> item =
                Map.of("type", "string", "description", "the item, e.g. milk; several separated " + "by commas");
        return List.of(
                new CapabilityAction(ADD, "Add items to one of the person's lists", schema(list, item, true), "item"),
                new CapabilityAction(
                        SHOW,
                        "Show one of the person's lists, or which lists they have when no list " + "is named",
                        Map.of("type", "object", "properties", Map.of("list", list)),
                        "list"),
                new CapabilityAction(
                        TICK,
                        "Tick an item off one of the person's lists (by its text or number)",
                        schema(list, item, true),
                        "item"),
                new CapabilityAction(CLEAR, "Empty one of the person's lists", schema(list, item, false), "list"));
    }

    private static Map<String, Object> schema(Map<String, Object> list, Map<String, Object> item, boolean withItem) {
        return withItem
                ? Map.of(
                        "type", "object", "properties", Map.of("list", list, "item", item), "required", List.of("item"))
                : Map.of("type", "object", "properties", Map.of("list", list), "required", List.of("list"));
    }

    @Override
    public String execute(String action, Map<String, Object> arguments, CapabilityContext context)
            throws CapabilityException {
        String item = Arguments.text(arguments, "item").strip();
        String rawList = Arguments.text(arguments, "list");
        String list = listName(rawList.isBlank() && !action.equals(SHOW) ? TODO : rawList);
        String channel = context.channel();
        String person = context.personId();
        return switch (action) {
            case ADD -> add(channel, person, list, items(item));
            case SHOW -> list.isEmpty() ? overview(channel, person) : show(channel, person, list);
            case TICK ->
                store.tick(channel, person, list, required(item))
                        .map(ticked ->
                                "Ticked off " + ticked + " from your " + list + " list. " + show(channel, person, list))
                        .orElseThrow(() -> new CapabilityException(
                                "'" + item + "' is not on the " + list + " list; " + show(channel, person, list)));
            case CLEAR -> {
                int cleared = store.clear(channel, person, list);
                yield "Cleared your " + list + " list (" + cleared + (cleared == 1 ? " item" : " items") + ").";
            }
            default -> throw new CapabilityException("lists has no action '" + action + "'");
        };
    }

    private String add(String channel, String person, String list, List<String> items) throws CapabilityException {
        for (String each : items) {
            try {
                store.add(channel, person, list, each);
            } catch (ListStore.ListFullException e) {
                throw new CapabilityException(e.getMessage());
            }
        }
        return "Added " + String.join(", ", items) + " to your " + list + " list. " + show(channel, person, list);
    }

    private String show(String channel, String person, String list) {
        List<String> items = store.items(channel, person, list);
        if (items.isEmpty()) {
            return "Your " + list + " list is empty.";
        }
        return "Your " + list + " list: "
                + IntStream.range(0, items.size())
                        .mapToObj(i -> (i + 1) + ". " + items.get(i))
                        .collect(Collectors.joining("; "))
                + ".";
    }

    private String overview(String channel, String person) {
        List<String> lists = store.lists(channel, person);
        return lists.isEmpty() ? "You have no lists yet." : "Your lists: " + String.join(", ", lists) + ".";
    }

    private static List<String> items(String text) throws CapabilityException {
        List<String> items = new ArrayList<>();
        for (String each : required(text).split("\\s*,\\s*(?:and\\s+)?")) {
            if (!each.isBlank()) {
                items.add(each.strip());
            }
        }
        return items;
    }

    private static String required(String item) throws CapabilityException {
        if (item.isBlank()) {
            throw new CapabilityException("name the item, e.g. milk");
        }
        if (item.length() > MAX_ITEM) {
            throw new CapabilityException("that item is too long (at most " + MAX_ITEM + " characters)");
        }
        return item;
    }

    /** "todo", "To Do", "to-do list" → "to-do"; "groceries" → "shopping"; other names as short lower-case words. */
    static String listName(String said) throws CapabilityException {
        String name = said.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s+list$", "")
                .replaceAll("\\s+", " ");
        if (name.isEmpty()) {
            return "";
        }
        if (name.matches("to ?-?do|todo|tasks?")) {
            return TODO;
        }
        if (name.matches("shopping|grocery|groceries")) {
            return SHOPPING;
        }
        if (!name.matches("[a-z0-9][a-z0-9 -]{0,29}")) {
            throw new CapabilityException("a list's name is a few letters or digits, e.g. shopping or to-do");
        }
        return name;
    }

    /** For the plain-language trigger: the list name said, if it names a list. */
    static Optional<String> knownList(String said) {
        try {
            return Optional.of(listName(said)).filter(name -> !name.isEmpty());
        } catch (CapabilityException e) {
            return Optional.empty();
        }
    }
}
