import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The smallest MCP server over stdio, for tests: one tool, "environment", answers with the variables the process
 * was started with, one NAME=value a line. Run as a single source file: java EnvironmentServer.java.
 */
public class EnvironmentServer {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|\\d+)");
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"protocolVersion\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            Matcher id = ID.matcher(line);
            Matcher method = METHOD.matcher(line);
            if (!id.find() || !method.find()) {
                continue; // a notification or a response: nothing to answer
            }
            String result = switch (method.group(1)) {
                case "initialize" -> {
                    Matcher version = VERSION.matcher(line);
                    yield "{\"protocolVersion\":\"" + (version.find() ? version.group(1) : "2025-06-18")
                            + "\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"environment\","
                            + "\"version\":\"1\"}}";
                }
                case "tools/list" -> "{\"tools\":[{\"name\":\"environment\",\"description\":\"The variables this "
                        + "server was started with\",\"inputSchema\":{\"type\":\"object\",\"properties\":{}}}]}";
                case "tools/call" -> "{\"content\":[{\"type\":\"text\",\"text\":\"" + quote(environment())
                        + "\"}],\"isError\":false}";
                default -> "{}";
            };
            System.out.println("{\"jsonrpc\":\"2.0\",\"id\":" + id.group(1) + ",\"result\":" + result + "}");
            System.out.flush();
        }
    }

    private static String environment() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(System.getenv()).forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.toString();
    }
}
