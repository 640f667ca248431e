package dev.artie.httpchat;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The chat page in a real headless Chromium, as the browser tests drive it. `.ci/run` installs Debian's chromium and
 * chromium-driver (scripts/test-prerequisites.sh); where neither can be found the test is skipped with a message.
 */
final class ChatPage implements AutoCloseable {
    final ChromeDriver browser;

    private ChatPage(ChromeDriver browser) {
        this.browser = browser;
    }

    static ChatPage open() {
        Optional<Path> chromium = executable("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = executable("chromedriver");
        assumeTrue(
                chromium.isPresent() && driver.isPresent(),
                "no chromium and chromedriver on the PATH (scripts/test-prerequisites.sh installs them)");
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.get().toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort()
                .build();
        return new ChatPage(new ChromeDriver(service, options));
    }

    void say(String message) {
        browser.findElement(By.id("message")).sendKeys(message);
        browser.findElement(By.id("send")).click();
    }

    /** The texts of the conversation's entries of one kind ("person", "artie", "error"). */
    List<String> entries(String kind) {
        return browser.findElements(By.cssSelector("#log li." + kind)).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** The titles in the conversation list, top first. */
    List<String> titles() {
        return browser.findElements(By.cssSelector("#conversation-list .open")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** Waits, also through a load of the page (to the issuer and back), whose elements go stale meanwhile. */
    void waitFor(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(15))
                .alias("the page shows; " + shown())
                .ignoreException(StaleElementReferenceException.class)
                .until(condition::getAsBoolean);
    }

    private String shown() {
        try {
            return "errors on it: " + entries("error") + ", artie: " + entries("artie");
        } catch (StaleElementReferenceException e) {
            return "it was loading";
        }
    }

    /** What the page's console said so far (content-security-policy violations show here). */
    List<String> console() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        browser.quit();
    }

    private static Optional<Path> executable(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
